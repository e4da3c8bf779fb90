def git = { String... args ->
    def process = (['git'] + args.toList()).execute(null, basedir)
    def output = new StringBuilder()
    process.waitForProcessOutput(output, output)
    assert process.exitValue() == 0: "git ${args.join(' ')} failed: ${output}"
    return output.toString().trim()
}
def log = new File(basedir, 'build.log').text
def canary = new File(basedir, 'canary.commit').text.trim()
// Run 1: waiting, with the reason and the due time.
assert log.contains('current waits: canary has served 17.3.0 for 31 h of 48 h; due 2026-01-09 10:00 UTC')
// Run 2: due, edited in place and committed with a message recording it.
def promotion = "current: 17.2.1 → 17.3.0 from canary, which has served it since 2026-01-07 10:00 UTC (49 h, soak 48 h, commit ${canary.substring(0, 12)})"
assert log.contains(promotion)
assert new File(basedir, 'channels.yaml').text == '''\
# canary → current
channels:
  canary:
    version: 17.3.0   # moved by hand
  current:
    version: "17.3.0"
    promote: {from: canary, after: 48h}
'''
assert git('log', '-1', '--format=%s') == 'Promote current to 17.3.0 from canary'
assert git('log', '-1', '--format=%b').contains(promotion)
assert git('rev-list', '--count', 'HEAD') == '3': 'one promotion commit, not two'
assert git('status', '--porcelain', '--', 'channels.yaml') == ''
// Run 3: the deploy publishes the promoted version.
assert new String(new File(basedir, 'www/current/version').bytes, 'UTF-8') == '17.3.0'
assert new String(new File(basedir, 'www/canary/version').bytes, 'UTF-8') == '17.3.0'
// Its status page shows where each stage stands, from the history (no clock): current has canary's version.
def page = new File(basedir, 'www/index.html').text
assert page.contains('<h3>Where each stage stands</h3>')
assert page.contains('nothing: it has canary&#39;s 17.3.0')
assert log.contains('Promotions at ')
// Run 4: nothing due.
assert log.contains('current: has canary\'s 17.3.0')
assert log.contains('Nothing is due: channels.yaml is left as it is.')
// The last run's report holds the pipeline at the instant it was asked for.
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/release-channels-report.json'))
assert report.goal == 'promote'
assert report.promotions.at == '2026-01-09T11:00:00Z'
assert report.promotions.stages*.channel == ['current']
assert report.promotions.stages[0].status == 'has_source_version'
assert report.promotions.stages[0].now.step == 'up_to_date'
return true
