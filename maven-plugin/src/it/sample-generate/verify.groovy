// The site for sample-repo, checked against the client contract byte for byte.
def site = new File(basedir, 'target/release-channels')
def text = { String path -> new String(new File(site, path).bytes, 'UTF-8') }

assert text('current/version') == '14.2.1'          // no v, no newline: what `echo -n` writes
assert text('current/critical') == 'no'
assert text('canary/version') == '14.3.0'            // the sample writes v14.3.0; the v is dropped
assert text('stable/v14/version') == '14.3.0'
assert text('stable/v14/critical') == 'no'

def cmc = text('cmc.yaml')
assert cmc.contains('kind: cluster_maintenance_config\nversion: v1\nmetadata:\n  name: cluster-maintenance-config\n')
assert cmc.contains('    utc_start_hour: 2\n    weekdays:\n      - Monday\n      - Wednesday\n      - Friday\n')

def manifest = new groovy.json.JsonSlurper().parse(new File(site, 'release-channels.json'))
assert manifest.channels*.name == ['canary', 'current', 'stable/v14']
assert manifest.files*.path == ['canary/critical', 'canary/version', 'cmc.yaml', 'current/critical',
                                'current/version', 'index.html', 'stable/v14/critical', 'stable/v14/version']

// The status page: every channel, the window in UTC, no script; without releaseChannels.baseUrl, a placeholder.
def page = text('index.html')
assert page.startsWith('<!DOCTYPE html>')
assert page.contains('<td><code>stable/v14</code></td><td><a class="version" href="stable/v14/version">14.3.0</a>')
assert page.contains('<p class="window">Monday, Wednesday, Friday 02:00\u201303:00 UTC</p>')
assert page.contains('<pre>&lt;your-version-server&gt;/canary</pre>')
assert !page.toLowerCase().contains('<script')

def log = new File(basedir, 'build.log').text
assert log.contains('channels.yaml is valid.')
assert log.contains('Wrote 9 files')
return true
