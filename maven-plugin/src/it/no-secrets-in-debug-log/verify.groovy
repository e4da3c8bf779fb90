// Zero canary hits in the log and in everything the builds wrote, while each run got as far as it should.
def log = new File(basedir, 'build.log').text
assert log.contains('[DEBUG]'), 'the builds ran with -X'
// The S3 deploy signed its requests with the planted session token and sent them: nothing listens there.
assert log.contains('Publishing to s3://canary-bucket/site (endpoint http://127.0.0.1:9'), 'the S3 deploy ran'
assert log.contains('credentials from the AWS default credential chain'), 'the planted environment was used'
assert log.contains('Connection refused'), 'the signed requests were sent'
assert log.contains("releaseChannels.target 'git+https://***@github.com/acme/pages.git' has credentials"), 'the token URL was refused'
assert log.contains("releaseChannels.target 's3://canary-bucket/site?***' has a query"), 'the query was refused'
// Maven itself echoes every parameter value under -X ("(f) target = ..."), before the plugin runs: that echo of
// the URL the user typed is Maven's, and is why a token must never be written into a target URL.
def pluginLines = log.readLines().findAll { !it.contains('(f) target = ') }
def canaries = ['CANARYsecretACCESSkey', 'CANARYsessionTOKEN', 'ghp_CANARYgithubTOKENfromENV', 'ghp_CANARYurlTOKEN',
                'CANARYqueryTOKEN']
canaries.each { canary ->
    def hits = pluginLines.findAll { it.contains(canary) }
    assert hits.isEmpty(), "canary ${canary} in the build log:\n" + hits.take(5).join('\n')
}
new File(basedir, 'target').eachFileRecurse { file ->
    if (file.isFile()) {
        def text = file.getText('ISO-8859-1')
        canaries.each { canary -> assert !text.contains(canary), "canary ${canary} in ${file}" }
    }
}
return true
