def site = new File(basedir, 'target/release-channels')
assert new File(site, 'current/version').text == '14.2.1'
def manifest = new groovy.json.JsonSlurper().parse(new File(site, 'release-channels.json'))
assert manifest.source.commit == new File(basedir, 'v1.commit').text.trim()
assert manifest.source.uncommitted_changes == false
// The working tree was not touched.
assert new File(basedir, 'channels.yaml').text.contains('14.2.3')
return true
