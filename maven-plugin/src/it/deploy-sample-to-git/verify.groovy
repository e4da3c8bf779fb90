// Raw bytes: Groovy's line-by-line output readers would add a newline the blob does not have.
def git = { String... args ->
    def process = (['git', '--git-dir', new File(basedir, 'pages.git').absolutePath] + args.toList()).execute()
    def bytes = process.inputStream.bytes
    assert process.waitFor() == 0: process.errorStream.text
    return new String(bytes, 'UTF-8')
}
assert git('cat-file', 'blob', 'gh-pages:current/version') == '14.2.1'
assert git('cat-file', 'blob', 'gh-pages:stable/v14/critical') == 'no'
assert git('cat-file', 'blob', 'gh-pages:CNAME') == 'updates.example.com'
// One commit for the publish on top of the CNAME commit, none for the unchanged re-publish, never a force push.
def subjects = git('log', '--format=%s', 'gh-pages').readLines()
assert subjects.size() == 2
assert subjects[0].startsWith('Publish release channels')
assert subjects[1] == 'Custom domain'
def log = new File(basedir, 'build.log').text
assert log =~ /9 added, 0 updated, 0 deleted, 0 unchanged/
assert log =~ /0 added, 0 updated, 0 deleted, 9 unchanged, 0 bytes/
return true
