// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import static io.github.releasechannels.workflow.GoalRun.plural;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.resources.ClusterResources;
import io.github.releasechannels.resources.KubernetesNames;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteRenderer;
import io.github.releasechannels.site.SiteWriter;
import io.github.releasechannels.source.ChannelsLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The goals that render the site: the site into the output directory, the cluster resources beside it. */
final class SiteOutput {

    /** How the rendered site reaches the output directory. */
    enum LocalCopy {
        /** Swapped in as a whole: generate's output, which is the record. */
        REPLACE,
        /** Only the files that differ written: deploy's copy, whose record is the target. */
        UPDATE,
        /** Not written. */
        NONE
    }

    private SiteOutput() {}

    /**
     * Renders the site, writes it into the output directory as {@code copy} says, and writes the cluster resources
     * (configuration for the cluster, needed whether or not the site is kept locally).
     */
    static Site render(GoalRun run, SiteSettings settings, ChannelsLoader.Loaded loaded, LocalCopy copy)
            throws UserProblemException, EnvironmentProblemException {
        run.logConfiguration(loaded);
        KubernetesNames names = kubernetesNames(settings);
        Site site = new SiteRenderer()
                .render(loaded.config(), loaded.source(), run.baseUrl(), settings.statusPage(), run.pipeline(loaded));
        if (copy != LocalCopy.NONE) {
            writeLocally(run, site, settings.outputDirectory(), copy);
        }
        writeResources(run, loaded, names, settings.resourcesDirectory());
        return site;
    }

    private static void writeLocally(GoalRun run, Site site, Path outputDirectory, LocalCopy copy)
            throws UserProblemException, EnvironmentProblemException {
        try {
            if (copy == LocalCopy.REPLACE) {
                new SiteWriter().write(site, outputDirectory);
                run.log()
                        .info("Wrote " + plural(site.files().size(), "file") + " (" + site.totalBytes() + " bytes) to "
                                + outputDirectory);
            } else {
                SiteWriter.Update update = new SiteWriter().update(site, outputDirectory);
                run.log()
                        .info("Wrote " + plural(update.written(), "file") + " (" + update.writtenBytes()
                                + " bytes) to " + outputDirectory
                                + (update.removed() > 0 ? ", removed " + update.removed() : "")
                                + (update.unchanged() > 0
                                        ? "; " + update.unchanged() + " already held the site's " + "bytes"
                                        : ""));
            }
        } catch (IOException e) {
            throw new EnvironmentProblemException(
                    "Cannot write the site to " + outputDirectory + ": "
                            + e.getMessage() + ". Check free space and permissions; "
                            + (copy == LocalCopy.REPLACE
                                    ? "the previous site, if any, is unchanged."
                                    : "each file is the old or the new one."),
                    e);
        }
    }

    private static KubernetesNames kubernetesNames(SiteSettings settings) throws UserProblemException {
        try {
            return new KubernetesNames(
                    settings.kubernetesConfigName(), settings.kubernetesVersionName(), settings.kubernetesNamespace());
        } catch (KubernetesNames.InvalidKubernetesNameException e) {
            throw new UserProblemException(e.getMessage(), e);
        }
    }

    private static void writeResources(GoalRun run, ChannelsLoader.Loaded loaded, KubernetesNames names, Path directory)
            throws UserProblemException, EnvironmentProblemException {
        List<SiteFile> files = ClusterResources.render(loaded.config(), loaded.source(), run.baseUrl(), names);
        try {
            new SiteWriter(ClusterResources.INDEX_FILE, "releaseChannels.resourcesDirectory").write(files, directory);
        } catch (IOException e) {
            throw new EnvironmentProblemException(
                    "Cannot write the cluster resources to " + directory + ": "
                            + e.getMessage() + ". Check free space and permissions; the previous files, if any, are "
                            + "unchanged.",
                    e);
        }
        List<String> written = files.stream()
                .map(SiteFile::path)
                .filter(path -> !path.equals(ClusterResources.INDEX_FILE))
                .toList();
        run.log()
                .info(
                        written.isEmpty()
                                ? "No cluster resources to render (no managed_updates section, no "
                                        + "releaseChannels.baseUrl)."
                                : "Wrote cluster resources to " + directory + ": " + String.join(", ", written));
    }
}
