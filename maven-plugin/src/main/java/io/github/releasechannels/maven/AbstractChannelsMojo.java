package io.github.releasechannels.maven;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.agent.InvalidBaseUrlException;
import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.MaintenanceWindow;
import io.github.releasechannels.source.ChannelsLoader;
import java.io.File;
import java.io.IOException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What every goal shares: where channels.yaml is, which git ref to read it from, and the skip switch. */
abstract class AbstractChannelsMojo extends AbstractMojo {

    /** The channels file. */
    @Parameter(property = "releaseChannels.file", defaultValue = "${project.basedir}/channels.yaml", required = true)
    File file;

    /**
     * Read the channels file from this git ref (a branch, tag or commit such as {@code origin/main}) instead of the
     * working tree. The working tree is not touched.
     */
    @Parameter(property = "releaseChannels.ref")
    String ref;

    /** Skip this goal; the log says so. */
    @Parameter(property = "releaseChannels.skip", defaultValue = "false")
    boolean skip;

    /**
     * Where agents read the channels, e.g. {@code https://updates.example.com/teleport}: the status page prints the
     * agent settings for it, verify and deploy read every channel there, check and deploy guard against downgrades
     * from what it serves.
     */
    @Parameter(property = "releaseChannels.baseUrl")
    String baseUrl;

    /** A PEM file of CA certificates trusted in addition to the JDK's, for a version server with a private CA. */
    @Parameter(property = "releaseChannels.trustedCertificates")
    File trustedCertificates;

    /** Allow plain {@code http://} for a loopback base URL (a local test server); never for other hosts. */
    @Parameter(property = "releaseChannels.verify.allowHttp", defaultValue = "false")
    boolean allowHttp;

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping release-channels:" + goal() + " because releaseChannels.skip is true.");
            return;
        }
        ChannelsLoader.Loaded loaded = load();
        run(loaded);
    }

    /** The goal's own work on a validated configuration. */
    abstract void run(ChannelsLoader.Loaded loaded) throws MojoExecutionException, MojoFailureException;

    abstract String goal();

    private ChannelsLoader.Loaded load() throws MojoExecutionException, MojoFailureException {
        Optional<String> gitRef = Optional.ofNullable(ref).map(String::trim).filter(r -> !r.isEmpty());
        try {
            return new ChannelsLoader(basedir.toPath()).load(file.toPath(), gitRef);
        } catch (ChannelsFileException e) {
            String origin = gitRef.map(r -> " at git ref '" + r + "'").orElse("");
            String message = file.getName() + origin + " is not valid; nothing was written. " + e.getMessage();
            getLog().error(message);
            throw new MojoFailureException(message, e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read " + file + gitRef.map(r -> " at git ref " + r).orElse("")
                    + ": " + e.getMessage() + ". Check that the file and its git repository are readable.", e);
        }
    }

    /** The base URL, checked; empty when it is not set. */
    Optional<BaseUrl> parsedBaseUrl() throws MojoFailureException {
        if (baseUrl == null || baseUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BaseUrl.parse(baseUrl, allowHttp));
        } catch (InvalidBaseUrlException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /** Logs what the configuration says, one line per channel. */
    void logConfiguration(ChannelsLoader.Loaded loaded) {
        var source = loaded.source();
        String commit = source.commit()
                .map(c -> " (commit " + c.substring(0, 12) + (source.uncommittedChanges() ? ", with uncommitted changes" : "") + ")")
                .orElse("");
        getLog().info(source.file() + commit + ": " + plural(loaded.config().channels().size(), "channel"));
        int width = loaded.config().channels().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (Channel channel : loaded.config().channels()) {
            getLog().info(String.format("  %-" + width + "s  %s%s", channel.name(), channel.version(),
                    channel.critical() ? "  CRITICAL" : ""));
        }
        loaded.config().maintenance().ifPresentOrElse(
                window -> getLog().info("  maintenance window: " + describe(window)),
                () -> getLog().info("  no maintenance window declared: no cmc.yaml is rendered"));
        loaded.config().managedUpdates().ifPresent(updates -> {
            getLog().info("  managed updates v2:");
            updates.describe().forEach(line -> getLog().info("    " + line));
        });
        loaded.warnings().forEach(warning -> getLog().warn(warning.toString()));
    }

    static String describe(MaintenanceWindow window) {
        String days = window.weekdays().isEmpty() ? "every day"
                : window.weekdays().stream().map(MaintenanceWindow::dayName).collect(Collectors.joining(", "));
        return String.format("%s, %02d:00-%02d:00 UTC", days, window.utcStartHour(), (window.utcStartHour() + 1) % 24);
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
