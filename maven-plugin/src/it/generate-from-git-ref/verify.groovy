def site = new File(basedir, 'target/release-channels')
assert new File(site, 'current/version').text == '14.2.1'
def manifest = new groovy.json.JsonSlurper().parse(new File(site, 'release-channels.json'))
assert manifest.source.commit == new File(basedir, 'v1.commit').text.trim()
assert manifest.source.uncommitted_changes == false
// The commit's own time, not the build's: the same ref renders the same bytes tomorrow.
def committed = java.time.Instant.ofEpochSecond(new File(basedir, 'v1.time').text.trim() as long)
assert manifest.source.commit_time == committed.toString()
def commitTime = java.time.format.DateTimeFormatter.ofPattern('yyyy-MM-dd HH:mm:ss').withZone(java.time.ZoneOffset.UTC)
        .format(committed)
assert new File(site, 'index.html').text.contains("<dt>Commit time</dt><dd>${commitTime} UTC ")
// The working tree was not touched.
assert new File(basedir, 'channels.yaml').text.contains('14.2.3')
return true
