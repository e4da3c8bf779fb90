package io.github.releasechannels.maven;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.promote.PromoteRefusedException;
import io.github.releasechannels.promote.PromoteRun;
import io.github.releasechannels.promote.SourceServing;
import io.github.releasechannels.promote.VersionEditException;
import io.github.releasechannels.source.ChannelsLoader;
import io.github.releasechannels.verify.SiteVerifier;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Moves each channel with {@code promote:} whose source has served its version for the soak: prints the plan (each
 * stage due, waiting and why, or up to date), edits only the due version scalars of channels.yaml and, with
 * {@code releaseChannels.promote.commit}, commits the edit. Nothing due: nothing is written.
 */
@Mojo(name = "promote", threadSafe = true, requiresProject = false)
public class PromoteMojo extends AbstractChannelsMojo {

    /** Commit the edit (only the channels file) with a message recording each promotion. */
    @Parameter(property = "releaseChannels.promote.commit", defaultValue = "false")
    boolean commit;

    /**
     * Push the commit to the branch of the same name on {@code origin}. When another run pushed first, the branch
     * is fetched and fast-forwarded and the plan made again on its result, so a promotion is never made twice.
     */
    @Parameter(property = "releaseChannels.promote.push", defaultValue = "false")
    boolean push;

    /**
     * Plan for this instant instead of now, an RFC 3339 instant with its offset such as
     * {@code 2026-12-11T09:00:00Z}: what moves on Friday.
     */
    @Parameter(property = "releaseChannels.promote.at")
    String at;

    @Override
    void run(ChannelsLoader.Loaded loaded) throws MojoExecutionException, MojoFailureException {
        if (gitRef().isPresent()) {
            throw new MojoFailureException("promote edits the channels file of the working tree and reads its "
                    + "history from HEAD; releaseChannels.ref is not used by it: check out the branch to promote "
                    + "and run without -DreleaseChannels.ref.");
        }
        Instant instant = instant();
        loaded.warnings().forEach(warning -> getLog().warn(warning.toString()));
        Optional<SiteVerifier> liveSite = LiveSite.verifier(baseUrl, trustedCertificates, allowHttp, proxySettings(),
                Optional.empty());
        SourceServing serving = liveSite.map(verifier -> LiveSite.sourceServing(verifier,
                new MavenPublishLog(getLog()))).orElse(SourceServing.NOT_CHECKED);
        try {
            PromoteRun.run(new PromoteRun.Settings(basedir.toPath(), file.toPath(), instant, commit, push,
                    serving),
                    getLog()::info);
        } catch (ChannelsFileException e) {
            report.problems(e.problems());
            throw new MojoFailureException(loaded.source().file() + " is not valid; nothing was written. "
                    + e.getMessage(), e);
        } catch (VersionEditException e) {
            report.problems(e.problems());
            throw new MojoFailureException("Nothing was promoted: " + e.getMessage(), e);
        } catch (PromoteRefusedException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot promote in " + loaded.source().file() + ": " + e.getMessage()
                    + ". Check that the file and its git repository are readable and writable.", e);
        }
    }

    /** {@link #at}, parsed; now when it is not set. */
    private Instant instant() throws MojoFailureException {
        if (at == null || at.isBlank()) {
            return Instant.now();
        }
        try {
            return PromoteRun.parseInstant(at);
        } catch (PromoteRefusedException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    @Override
    String goal() {
        return "promote";
    }
}
