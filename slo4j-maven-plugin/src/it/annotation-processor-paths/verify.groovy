// annotationProcessorPaths keeps slo4j's processor from running; the plugin still reads @Slo from the classes.
def rules = new File(basedir, 'src/main/resources/slo4j/orders.rules.yml')
assert rules.isFile() : "generate did not write ${rules}"
assert rules.text.contains('place-order')
assert rules.text.contains('slo_service="orders"')
// <prometheusRule> makes the rules file a Prometheus-Operator resource.
assert rules.text.contains('kind: PrometheusRule')
assert rules.text.contains('name: orders-slos')
// promtool cannot read a PrometheusRule: no test file that could never run.
assert !new File(basedir, 'src/main/resources/slo4j/orders.rules.test.yml').exists()
true
