// lib's @Slo is rendered by app, under app's service from application.yml; lib and the parent get no files.
def rules = new File(basedir, 'app/src/main/resources/slo4j/shop.rules.yml')
assert rules.isFile() : "generate did not write ${rules}"
assert rules.text.contains('slo_service="shop"')
assert rules.text.contains('reserve') : "app's rules lack lib's SLO 'reserve':\n${rules.text}"
assert !new File(basedir, 'lib/src/main/resources/slo4j').exists()
assert !new File(basedir, 'src/main/resources/slo4j').exists()
def log = new File(basedir, 'build.log').text
assert log =~ /service 'shop' from .*spring\.application\.name/
assert log.contains('1 SLO: reserve')
true
