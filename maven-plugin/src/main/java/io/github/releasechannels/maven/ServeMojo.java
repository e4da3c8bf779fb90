// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.workflow.Goal;
import io.github.releasechannels.workflow.Options;
import io.github.releasechannels.workflow.RunEnvironment;
import io.github.releasechannels.workflow.RunSettings;
import io.github.releasechannels.workflow.Serve;
import io.github.releasechannels.workflow.ServeSettings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Renders the site and serves it on {@code https://localhost:PORT/} with a certificate created for the run, with
 * the paths and headers of a real host, until interrupted (Ctrl-C). The certificate is written next to the site so
 * curl and agents in a lab can trust it.
 */
@Mojo(name = "serve", threadSafe = true, requiresProject = false)
public class ServeMojo extends AbstractSiteMojo {

    /** The port on 127.0.0.1; 0 picks a free one. */
    @Parameter(property = Options.SERVE_PORT, defaultValue = Options.DEFAULT_SERVE_PORT)
    int port;

    /** Cache-Control of {@code version} and {@code critical}, as deploy sets it. */
    @Parameter(property = Options.CACHE_CONTROL, defaultValue = HeaderPolicy.DEFAULT_CHANNEL_CACHE_CONTROL)
    String cacheControl;

    @Override
    void run(RunSettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        Serve.run(new ServeSettings(settings, siteSettings(), port, cacheControl), environment);
    }

    @Override
    String goal() {
        return Goal.SERVE.id();
    }
}
