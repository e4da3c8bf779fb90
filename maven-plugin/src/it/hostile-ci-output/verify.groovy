// The step's output as the Actions runner reads it (io.github.releasechannels.testing.ActionsRunner, written from
// the runner's source): the only commands are the plugin's own annotations, and they all arrive.
import io.github.releasechannels.testing.ActionsRunner

def log = new File(basedir, 'build.log').text
def runner = new ActionsRunner().read(log)
def commands = runner.commands().collect { it.kind() + ' ' + it.properties() + ' ' + it.data() }
// The plugin writes its annotations as whole lines; nothing else in the log may be one.
def own = new ActionsRunner().read(log.readLines().findAll { it ==~ /^::(error|warning) (file|title)=.*/ }.join('\n'))
assert commands == own.commands().collect { it.kind() + ' ' + it.properties() + ' ' + it.data() }
assert !runner.stopped()
// deploy's refused downgrade, on canary's version line, is the one annotation.
assert own.commands().size() == 1
assert own.commands()[0].properties().get('line') == '5'
assert own.commands()[0].data().startsWith("channel 'canary' goes down from 99.0.0")
// What the tampered manifest says is shown, escaped.
assert log.contains('edge\\u000A::error::removed ##\\u005Bstop-commands]e: removed')
assert log.contains("The target's release-channels.json records managed_updates target_version as '##\\u005Badd-mask]t', which is not a version")
// The job summary: no markup from outside.
def summary = new File(basedir, 'summary.md').text
assert !summary.contains('<img') && !summary.contains('\r') && !summary.contains('##[')
assert summary.readLines().findAll { it.startsWith('#') }.every { it.startsWith('### ✅') || it.startsWith('### ❌') }
assert summary.contains('&lt;img src=x&gt;')
// Nothing published.
assert !new File(basedir, 'www/current/version').exists()
return true
