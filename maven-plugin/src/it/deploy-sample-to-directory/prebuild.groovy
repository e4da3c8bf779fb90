// What a team copies, plus a docroot that already holds a custom-domain file of someone else's.
['pom.xml', 'channels.yaml'].each { name ->
    new File(basedir, name).bytes = new File(sampleRepo, name).bytes
}
def www = new File(basedir, 'www')
www.mkdirs()
new File(www, 'CNAME').text = 'updates.example.com'
return true
