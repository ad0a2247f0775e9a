// slo4j.defaults.objective=99 from application.properties reaches the rules: the page fires at 14.4 x 1% = 0.144.
import java.util.zip.ZipFile

def rules = new File(basedir, 'src/main/resources/slo4j/demo.rules.yml')
assert rules.isFile() : "generate did not write ${rules}"
def text = rules.text
assert text.contains('slo_service="demo"') : "rules do not select slo_service=\"demo\":\n${text}"
assert text.contains('0.144') : "no page threshold for 99% (14.4 x 0.01 = 0.144):\n${text}"
assert !text.contains('0.0144') : "a page threshold for 99.9% (0.0144): slo4j.defaults.objective=99 was ignored"
assert text.contains('checkout-latency')
assert new File(basedir, 'src/main/resources/slo4j/demo.rules.test.yml').isFile()
assert new File(basedir, 'src/main/resources/slo4j/demo.inhibit.yml').isFile()
assert !new File(basedir, 'src/main/resources/slo4j/demo.dashboard.json').exists() : 'dashboard is off by default'

def log = new File(basedir, 'build.log').text
assert log.contains('wrote src/main/resources/slo4j/demo.rules.yml')
assert log =~ /service 'demo' from .*spring\.application\.name/
assert log.contains('2 SLOs: ')
// verify then runs check, which finds the files just written current.
assert log.contains('up to date: src/main/resources/slo4j/demo.rules.yml')

// The application starts with slo4j.rules.verify=fail: the rules it ships match the SLOs it registers, and it says so.
assert log.contains('Tests run: 1, Failures: 0, Errors: 0') : 'the Spring Boot startup test did not run'
assert log =~ /slo4j measures 2 SLOs of service 'demo' \(spring\.application\.name\)/
assert log.contains('slo4j: the rules bundled at classpath:slo4j/demo.rules.yml match the registered SLOs')

def jar = new File(basedir, 'target/boot-app-defaults-1.0.jar')
assert jar.isFile()
new ZipFile(jar).withCloseable { zip ->
  assert zip.getEntry('slo4j/demo.rules.yml') != null : 'the jar does not ship slo4j/demo.rules.yml'
}
true
