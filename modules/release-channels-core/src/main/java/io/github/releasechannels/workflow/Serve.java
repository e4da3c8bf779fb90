// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.agent.AgentInstructions;
import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.agent.InvalidBaseUrlException;
import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.report.RunReport;
import io.github.releasechannels.serve.LocalHttpsServer;
import io.github.releasechannels.serve.LocalhostCertificate;
import io.github.releasechannels.site.Site;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Renders the site and serves it on {@code https://localhost:PORT/} with a certificate created for the run, with
 * the paths and headers of a real host, until the process is stopped. The certificate is written next to the site.
 */
public final class Serve {

    private Serve() {}

    public static RunReport run(ServeSettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        return GoalRun.run(Goal.SERVE, settings.run(), environment, (loaded, run) -> {
            Site site = SiteOutput.render(run, settings.site(), loaded, SiteOutput.LocalCopy.REPLACE);
            Path outputDirectory = settings.site().outputDirectory();
            LocalhostCertificate certificate = LocalhostCertificate.create(Duration.ofDays(30));
            Path pem = outputDirectory.resolveSibling(outputDirectory.getFileName() + "-localhost.pem");
            try {
                certificate.writePem(pem);
            } catch (IOException e) {
                throw new EnvironmentProblemException(
                        "Cannot write the certificate to " + pem + ": " + e.getMessage(), e);
            }
            serveUntilStopped(site, settings, certificate, pem, run);
        });
    }

    private static void serveUntilStopped(
            Site site, ServeSettings settings, LocalhostCertificate certificate, Path pem, GoalRun run)
            throws UserProblemException {
        LocalHttpsServer server;
        try {
            server = LocalHttpsServer.start(
                    site,
                    new HeaderPolicy(settings.cacheControl()),
                    certificate.serverContext(),
                    settings.port(),
                    run.log()::info);
        } catch (IOException e) {
            throw new UserProblemException(
                    "Cannot listen on 127.0.0.1:" + settings.port() + " (" + e.getMessage()
                            + "); choose another port with -DreleaseChannels.serve.port=8444 (0 picks a free one)",
                    e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopOnExit = new Thread(
                () -> {
                    server.close();
                    stopped.countDown();
                },
                "release-channels-serve-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        boolean interrupted = false;
        try {
            run.log()
                    .info("Serving " + settings.site().outputDirectory() + " on " + server.uri()
                            + "/ with the certificate " + pem);
            AgentInstructions.lines(
                            BaseUrl.parse(server.uri().toString(), false),
                            site.config().channels().stream().map(Channel::name).toList(),
                            Optional.of(pem))
                    .forEach(run.log()::info);
            run.log().info("Press Ctrl-C to stop.");
            stopped.await();
        } catch (InvalidBaseUrlException e) {
            throw new IllegalStateException("https://localhost is a valid base URL", e);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            // The JDK's HttpServer.stop gives up waiting for its dispatcher when the calling thread is interrupted,
            // and the listening socket then stays open until that thread gets round to closing it: stop first,
            // then restore the interrupt.
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it stops the server itself.
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
