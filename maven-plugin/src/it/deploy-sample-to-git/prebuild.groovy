// The sample repository, publishing to a bare repository whose gh-pages branch already holds a custom-domain CNAME.
def run = { File dir, String... args ->
    def command = ['git', '-c', 'user.name=IT', '-c', 'user.email=it@example.invalid', '-c', 'commit.gpgsign=false'] +
            args.toList()
    def process = command.execute(null, dir)
    def output = new StringBuilder()
    process.waitForProcessOutput(output, output)
    assert process.exitValue() == 0: "${command.join(' ')} failed: ${output}"
}
new File(basedir, 'channels.yaml').bytes = new File(sampleRepo, 'channels.yaml').bytes
new File(basedir, 'pom.xml').text = new File(sampleRepo, 'pom.xml').text
        .replace('<url>file:target/version-server</url>', '<url>git+file://${project.basedir}/pages.git#gh-pages</url>')

run(basedir, 'init', '-q', '--bare', 'pages.git')
def seed = new File(basedir, 'seed')
seed.mkdirs()
run(seed, 'init', '-q', '-b', 'gh-pages')
new File(seed, 'CNAME').text = 'updates.example.com'
run(seed, 'add', 'CNAME')
run(seed, 'commit', '-q', '-m', 'Custom domain')
run(seed, 'push', '-q', new File(basedir, 'pages.git').absolutePath, 'gh-pages')
return true
