// Runs every job of sample-repo's CI templates with this Maven and the plugin under test, against local stand-ins
// for the deploy target and the version server (io.github.releasechannels.ci.CiTemplateRehearsal, test sources).
import io.github.releasechannels.ci.CiTemplateRehearsal

// The same resolution as the ITs' own builds: the plugin from the ITs' repository, the rest from the main one.
def settings = new File(basedir, 'rehearsal-settings.xml')
settings.text = new File(basedir, '../../../src/it/settings.xml').text
        .replace('@localRepositoryUrl@', new File(mavenLocalRepository).toURI().toString())
def mavenArgs = ['-s', settings.absolutePath, "-Dmaven.repo.local=${localRepositoryPath}".toString(),
                 "-Drelease-channels.version=${pluginVersion}".toString()]

// The composite action runs with the build's repository minus the plugin (CiTemplateRehearsal.compositeAction).
def lines = CiTemplateRehearsal.rehearse(new File(sampleRepo).toPath(), new File(basedir, 'rehearsal').toPath(),
        new File(System.getProperty('maven.home')).toPath(), mavenArgs, new File(mavenLocalRepository).toPath())
lines.each { println it }
new File(basedir, 'rehearsal/report.txt').text = lines.join('\n') + '\n'
return true
