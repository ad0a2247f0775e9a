// An @Slo with no service anywhere: the failure names every way to name it.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('spring.application.name')
assert log.contains('slo4j.service')
assert log.contains('<service>')
assert !new File(basedir, 'src/main/resources/slo4j').exists()
true
