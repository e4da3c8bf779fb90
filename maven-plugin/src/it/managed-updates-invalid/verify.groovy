def log = new File(basedir, 'build.log').text
assert log.contains("channels.yaml:5:9: 'mode' is the YAML boolean on, not one of enabled, disabled, suspended — write 'mode: enabled', Teleport's word for on")
assert log.contains("channels.yaml:12:7: unknown key 'wait_days' in group 'dev' — Teleport replaced wait_days with wait_hours")
assert log.contains('2 problems')
// Nothing written: neither the site nor the resources.
assert !new File(basedir, 'target/release-channels').exists()
assert !new File(basedir, 'target/release-channels-resources').exists()
return true
