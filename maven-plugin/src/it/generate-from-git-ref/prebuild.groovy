// A real git repository: v1 tagged, a later commit, and an uncommitted edit on top.
def git = { String... args ->
    def command = ['git', '-c', 'user.name=IT', '-c', 'user.email=it@example.invalid', '-c', 'commit.gpgsign=false',
                   '-c', 'tag.gpgsign=false'] + args.toList()
    def process = command.execute(null, basedir)
    def output = new StringBuilder()
    process.waitForProcessOutput(output, output)
    assert process.exitValue() == 0: "${command.join(' ')} failed: ${output}"
    return output.toString().trim()
}
def channels = new File(basedir, 'channels.yaml')
git('init', '-q', '-b', 'main')
channels.text = 'channels:\n  current:\n    version: 14.2.1\n'
git('add', 'channels.yaml', 'pom.xml')
git('commit', '-q', '-m', 'Serve 14.2.1')
git('tag', 'v1')
channels.text = 'channels:\n  current:\n    version: 14.2.2\n'
git('commit', '-q', '-am', 'Serve 14.2.2')
channels.text = 'channels:\n  current:\n    version: 14.2.3\n'
new File(basedir, 'v1.commit').text = git('rev-parse', 'v1^{commit}')
new File(basedir, 'v1.time').text = git('log', '-1', '--format=%ct', 'v1')
return true
