package io.github.releasechannels.maven;

import io.github.releasechannels.source.ChannelsLoader;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Validates channels.yaml and reports every problem, writing nothing. Meant for pull requests.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true, requiresProject = true)
public class CheckMojo extends AbstractChannelsMojo {

    @Override
    void run(ChannelsLoader.Loaded loaded) {
        logConfiguration(loaded);
        getLog().info(loaded.source().file() + " is valid.");
    }

    @Override
    String goal() {
        return "check";
    }
}
