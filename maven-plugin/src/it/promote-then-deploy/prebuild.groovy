// A real git repository whose commits are dated: canary 17.2.1 on 2026-01-05, 17.3.0 on 2026-01-07 10:00 UTC.
def git = { String date, String... args ->
    def environment = System.getenv().collect { key, value -> "${key}=${value}".toString() }
    if (date != null) {
        environment += ["GIT_COMMITTER_DATE=${date}".toString(), "GIT_AUTHOR_DATE=${date}".toString()]
    }
    def command = ['git', '-c', 'commit.gpgsign=false'] + args.toList()
    def process = command.execute(environment, basedir)
    def output = new StringBuilder()
    process.waitForProcessOutput(output, output)
    assert process.exitValue() == 0: "${command.join(' ')} failed: ${output}"
    return output.toString().trim()
}
def channels = new File(basedir, 'channels.yaml')
def file = '''\
# canary → current
channels:
  canary:
    version: 17.2.1   # moved by hand
  current:
    version: "17.2.1"
    promote: {from: canary, after: 48h}
'''
git(null, 'init', '-q', '-b', 'main')
git(null, 'config', 'user.name', 'IT')
git(null, 'config', 'user.email', 'it@example.invalid')
new File(basedir, '.gitignore').text = 'target/\nwww/\nbuild.log\n'
channels.text = file
git(null, 'add', 'channels.yaml', 'pom.xml', '.gitignore', 'invoker.properties', 'prebuild.groovy', 'verify.groovy')
git('2026-01-05T10:00:00Z', 'commit', '-q', '-m', 'canary and current on 17.2.1')
channels.text = file.replace('17.2.1   # moved by hand', '17.3.0   # moved by hand')
git('2026-01-07T10:00:00Z', 'commit', '-q', '-am', 'canary on 17.3.0')
new File(basedir, 'canary.commit').text = git(null, 'rev-parse', 'HEAD')
return true
