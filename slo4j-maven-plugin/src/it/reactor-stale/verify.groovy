// A stale and two missing files in module svc: the failure says how to regenerate from the reactor root.
def log = new File(basedir, 'build.log').text
assert log.contains('stale: svc/src/main/resources/slo4j/search.rules.yml')
assert log.contains('-groups: []')
assert log.contains('missing: svc/src/main/resources/slo4j/search.rules.test.yml')
assert log.contains('mvn -pl svc -am slo4j:generate') : 'no reactor command to regenerate'
assert log.contains('mvn -f svc/pom.xml slo4j:generate')
true
