def www = new File(basedir, 'www')
assert new String(new File(www, 'current/version').bytes, 'UTF-8') == '14.2.1'
assert new String(new File(www, 'stable/v14/critical').bytes, 'UTF-8') == 'no'
assert new File(www, 'CNAME').text == 'updates.example.com'
def log = new File(basedir, 'build.log').text
assert log =~ /Published to directory \S+www: 9 added, 0 updated, 0 deleted, 0 unchanged, \d+ bytes/
assert log =~ /Published to directory \S+www: 0 added, 0 updated, 0 deleted, 9 unchanged, 0 bytes/
return true
