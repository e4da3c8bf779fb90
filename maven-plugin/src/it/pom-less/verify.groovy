// Paths relative to the folder Maven was started in: the target given as `www`, the site in ./target/.
def text = { String path -> new String(new File(basedir, path).bytes, 'UTF-8') }
assert !new File(basedir, 'pom.xml').exists()
assert text('www/current/version') == '14.2.1'
assert text('www/stable/v14/critical') == 'no'
assert text('target/release-channels/current/version') == '14.2.1'
assert new File(basedir, 'target/release-channels/release-channels.json').isFile()

def log = new File(basedir, 'build.log').text
assert log.contains('channels.yaml is valid.')
assert log =~ /Published to directory \S+www: 9 added, 0 updated, 0 deleted, 0 unchanged, \d+ bytes/
// The second build ran `release-channels:generate` by its prefix, through settings.xml's <pluginGroups>.
// Maven 3.6 names the plugin by its artifactId in this line, 3.9 and 4 by its prefix.
assert log =~ ('release-channels(-maven-plugin)?:' + java.util.regex.Pattern.quote(pluginVersion)
        + ':generate \\(default-cli\\) @ standalone-pom')
return true
