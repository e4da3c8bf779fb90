def resources = new File(basedir, 'target/release-channels-resources')
// The four Managed Updates v2 files, and the Proxy snippet because baseUrl is set.
['autoupdate_config.yaml', 'autoupdate_version.yaml', 'kubernetes/autoupdate-config.yaml',
 'kubernetes/autoupdate-version.yaml', 'teleport-proxy-channels.yaml', 'README.txt'].each {
    assert new File(resources, it).isFile() : it
}
assert new File(resources, 'autoupdate_config.yaml').text.contains('kind: autoupdate_config\nversion: v1\n')
assert new File(resources, 'autoupdate_version.yaml').text.contains('    target_version: "17.2.1"  # channel dev\n')
assert new File(resources, 'kubernetes/autoupdate-config.yaml').text.contains('kind: TeleportAutoupdateConfigV1\n')
assert new File(resources, 'teleport-proxy-channels.yaml').text.contains(
        'forward_url: "https://updates.example.com/teleport/stable/cloud"')
// Not on the site.
def site = new File(basedir, 'target/release-channels')
assert !new File(site, 'autoupdate_config.yaml').exists()
assert new File(site, 'release-channels.json').text.contains('"managed_updates": {"mode": "enabled"')
def log = new File(basedir, 'build.log').text
assert log.contains('managed updates v2:')
assert log.contains("[WARNING] channels.yaml:8:3: channel 'prod' matches no group of managed_updates")
return true
