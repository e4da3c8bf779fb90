def log = new File(basedir, 'build.log').text
// Every problem, each with its line and column, in one run.
assert log.contains('channels.yaml:3:14: the version of channel \'current\' is the number 14.2, not a full version')
assert log.contains('channels.yaml:4:5: unknown key \'critcal\' in channel \'current\' — did you mean \'critical\'?')
assert log.contains('channels.yaml:5:3: channel name \'Stable\' has upper-case letters — did you mean \'stable\'?')
assert log.contains('channels.yaml:6:14: the version \'14.3.0+ent\' of channel \'Stable\' has build metadata')
assert log.contains('channels.yaml:8:19: \'utc_start_hour\' is \'24\'')
assert log.contains('channels.yaml:9:14: \'*\' is not a weekday')
assert log.contains('6 problems')
// Each problem printed once, by the failure Maven prints; the plugin's log does not repeat it. (The stack traces of
// -e, which the ITs run with, print the failure's causes again, without a level.)
assert log.readLines().count { it.startsWith('[') && it.contains("unknown key 'critcal'") } == 1
// Nothing written.
assert !new File(basedir, 'target/release-channels').exists()
return true
