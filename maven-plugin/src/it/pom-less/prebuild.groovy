// What a team without Java habits has: a folder with channels.yaml and nothing else, no pom.xml.
new File(basedir, 'channels.yaml').bytes = new File(sampleRepo, 'channels.yaml').bytes
assert !new File(basedir, 'pom.xml').exists()
return true
