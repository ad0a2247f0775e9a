// No Spring: <service> in the plugin configuration names the service.
def rules = new File(basedir, 'src/main/resources/slo4j/payments.rules.yml')
assert rules.isFile() : "generate did not write ${rules}"
assert rules.text.contains('slo_service="payments"')
assert rules.text.contains('charge')
def dashboard = new File(basedir, 'src/main/resources/slo4j/payments.dashboard.json')
assert dashboard.isFile() : '<dashboard>true</dashboard> wrote no dashboard'
assert dashboard.text.contains('charge')
def log = new File(basedir, 'build.log').text
assert log =~ /service 'payments' from .*<service>/
// The second generate and the check both find the files current (the log holds at least the second run).
def upToDate = log.findAll(/slo4j: up to date: src\/main\/resources\/slo4j\/payments\.rules\.yml/)
assert upToDate.size() >= 2 : "generate rewrote current files, or check did not run:\n${log}"
true
