// channels.yaml with group names Teleport accepts but a CI log must not execute, and a target whose
// release-channels.json someone who can write the docroot has tampered with: a removed channel and versions that
// are commands, markup, a carriage return; canary recorded above channels.yaml, so deploy refuses a downgrade.
def groups = ['::error::forged', 'x ##[stop-commands]pwned', '::add-mask::17.2.1', '<img src=x>', '### Verified',
              '`tick` a|b', '  ::warning::indented']
new File(basedir, 'channels.yaml').text = 'channels:\n  current:\n    version: 17.2.1\n  canary:\n    version: 17.3.0\n' +
        'managed_updates:\n  mode: enabled\n  start_version: 17.2.0\n  target_version: 17.2.1\n  groups:\n' +
        groups.collect { "    - name: \"${it}\"\n      days: [Mon]\n      start_hour: 4\n" }.join('')
def www = new File(basedir, 'www')
www.mkdirs()
new File(www, 'release-channels.json').text = '''{
  "format": 1,
  "generator": "release-channels-maven-plugin",
  "source": {"file": "channels.yaml", "commit": "::error::commit", "commit_time": null, "uncommitted_changes": false},
  "channels": [
    {"name": "canary", "version": "99.0.0", "critical": false},
    {"name": "current", "version": "<img src=x>\\r::add-mask::17.2.1", "critical": false},
    {"name": "edge\\n::error::removed ##[stop-commands]e", "version": "### Verified `tick` a|b", "critical": false}
  ],
  "maintenance": null,
  "managed_updates_versions": {"default": {"start_version": "::error::s", "target_version": "##[add-mask]t", "tools_target_version": "<img src=x>"}},
  "files": []
}
'''
return true
