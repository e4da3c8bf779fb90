package io.github.releasechannels.maven;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.serve.LocalHttpsServer;
import io.github.releasechannels.serve.LocalhostCertificate;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.source.ChannelsLoader;
import io.github.releasechannels.agent.AgentInstructions;
import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.agent.InvalidBaseUrlException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
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
    @Parameter(property = "releaseChannels.serve.port", defaultValue = "8443")
    int port;

    /** Cache-Control of {@code version} and {@code critical}, as deploy sets it. */
    @Parameter(property = "releaseChannels.cacheControl", defaultValue = HeaderPolicy.DEFAULT_CHANNEL_CACHE_CONTROL)
    String cacheControl;

    @Override
    void run(ChannelsLoader.Loaded loaded) throws MojoExecutionException, MojoFailureException {
        Site site = renderSite(loaded);
        LocalhostCertificate certificate = LocalhostCertificate.create(Duration.ofDays(30));
        Path pem = outputDirectory.toPath().resolveSibling(outputDirectory.getName() + "-localhost.pem");
        try {
            certificate.writePem(pem);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the certificate to " + pem + ": " + e.getMessage(), e);
        }
        LocalHttpsServer server;
        try {
            server = LocalHttpsServer.start(site, new HeaderPolicy(cacheControl), certificate.serverContext(), port,
                    getLog()::info);
        } catch (IOException e) {
            throw new MojoFailureException("Cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + "); "
                    + "choose another port with -DreleaseChannels.serve.port=8444 (0 picks a free one)", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopOnExit = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "release-channels-serve-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            getLog().info("Serving " + outputDirectory + " on " + server.uri() + "/ with the certificate " + pem);
            AgentInstructions.lines(BaseUrl.parse(server.uri().toString(), false),
                    site.config().channels().stream().map(Channel::name).toList(), Optional.of(pem))
                    .forEach(getLog()::info);
            getLog().info("Press Ctrl-C to stop.");
            stopped.await();
        } catch (InvalidBaseUrlException e) {
            throw new IllegalStateException("https://localhost is a valid base URL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it stops the server itself.
            }
        }
    }

    @Override
    String goal() {
        return "serve";
    }
}
