// The checked-in rules are for 99.9%; configuration says 99: check fails with a diff and the regenerate command.
def log = new File(basedir, 'build.log').text
assert log.contains('stale: src/main/resources/slo4j/billing.rules.yml') : 'no stale report for billing.rules.yml'
assert log =~ /(?m)^-.*0\.0144/ : 'the diff does not show the checked-in 99.9% threshold (0.0144)'
assert log =~ /(?m)^\+.*0\.144/ : 'the diff does not show the regenerated 99% threshold (0.144)'
assert log.contains('mvn slo4j:generate') : 'the failure does not print the command that regenerates'
assert log.contains('BUILD FAILURE')
true
