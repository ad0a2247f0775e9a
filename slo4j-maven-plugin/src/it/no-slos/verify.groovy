// No @Slo and no specs: both goals skip cleanly and write nothing.
def log = new File(basedir, 'build.log').text
assert log.contains('no @Slo found')
assert log.contains('nothing to generate')
assert log.contains('BUILD SUCCESS')
assert !new File(basedir, 'src/main/resources/slo4j').exists()

// help lists the goals (maven-plugin-plugin's helpmojo).
assert log.contains('slo4j:generate') && log.contains('slo4j:check')
true
