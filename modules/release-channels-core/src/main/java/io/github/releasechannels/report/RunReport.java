// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import io.github.releasechannels.config.Problem;
import io.github.releasechannels.guard.ChannelPlan;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.verify.VerifyReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one goal found and did, the single source of every report: the log's plan, CI annotations and summaries,
 * GitLab's reports and {@code release-channels-report.json}.
 *
 * @param goal         {@code check}, {@code generate}, {@code deploy}, {@code verify}, {@code serve}
 * @param file         the channels file as shown in messages ({@code teleport/channels.yaml})
 * @param channelsFile the channels file on disk, to make CI paths relative to the CI's workspace
 * @param config       the validated configuration; empty when the file could not be read or is invalid
 * @param source       where the configuration was read from, with {@code config}
 * @param problems     every problem of the file
 * @param plan         every channel old → new and the downgrades, when compared with a target or the live site
 * @param publish      what deploy published or, in a dry run, would publish
 * @param verify       what verify read
 * @param promotions   the promotion pipeline and the plan at the run's instant, when the file declares promotions
 * @param failure      why the goal failed, when not (only) for {@code problems} or refused downgrades
 */
public record RunReport(
        String goal,
        String file,
        Path channelsFile,
        Optional<ChannelsConfig> config,
        Optional<Source> source,
        List<Problem> problems,
        Optional<ChannelPlan> plan,
        Optional<PublishReport> publish,
        Optional<VerifyReport> verify,
        Optional<PromotionsReport> promotions,
        Optional<String> failure) {

    public RunReport {
        problems = List.copyOf(problems);
    }

    /** The v2 rollout: the configuration's {@code managed_updates} section, if it declares one. */
    public Optional<ManagedUpdates> rollout() {
        return config.flatMap(ChannelsConfig::managedUpdates);
    }

    /** Every problem and every downgrade, in that order: what CI shows on the lines of channels.yaml. */
    public List<Finding> findings() {
        List<Finding> findings = new ArrayList<>();
        problems.forEach(problem -> findings.add(Finding.of(problem)));
        plan.ifPresent(p -> p.downgrades().forEach(downgrade -> findings.add(Finding.of(downgrade))));
        return List.copyOf(findings);
    }

    /** Whether channels.yaml could be read and has no problem. */
    public boolean valid() {
        return config.isPresent() && problems.isEmpty();
    }

    /** Whether the goal succeeded. */
    public boolean succeeded() {
        return valid()
                && failure.isEmpty()
                && findings().stream().noneMatch(f -> f.severity() == Severity.ERROR)
                && verify.map(VerifyReport::allInSync).orElse(true);
    }

    /** Collects a report while a goal runs; each goal adds what it learns. */
    public static final class Builder {
        private final String goal;
        private final String file;
        private final Path channelsFile;
        private Optional<ChannelsConfig> config = Optional.empty();
        private Optional<Source> source = Optional.empty();
        private List<Problem> problems = List.of();
        private Optional<ChannelPlan> plan = Optional.empty();
        private Optional<PublishReport> publish = Optional.empty();
        private Optional<VerifyReport> verify = Optional.empty();
        private Optional<PromotionsReport> promotions = Optional.empty();
        private Optional<String> failure = Optional.empty();

        public Builder(String goal, String file, Path channelsFile) {
            this.goal = goal;
            this.file = file;
            this.channelsFile = channelsFile;
        }

        public Builder loaded(ChannelsConfig validConfig, Source from) {
            config = Optional.of(validConfig);
            source = Optional.of(from);
            return this;
        }

        public Builder problems(List<Problem> value) {
            problems = List.copyOf(value);
            return this;
        }

        public Builder plan(ChannelPlan value) {
            plan = Optional.of(value);
            return this;
        }

        public Builder publish(PublishReport value) {
            publish = Optional.of(value);
            return this;
        }

        public Builder verify(VerifyReport value) {
            verify = Optional.of(value);
            return this;
        }

        public Builder promotions(PromotionsReport value) {
            promotions = Optional.of(value);
            return this;
        }

        /** The first failure is kept: it is the cause, later ones follow from it. */
        public Builder failure(String value) {
            if (failure.isEmpty()) {
                failure = Optional.of(value);
            }
            return this;
        }

        /** Whether a problem or a refused downgrade already explains a failure. */
        public boolean hasErrorFindings() {
            return build().findings().stream().anyMatch(finding -> finding.severity() == Severity.ERROR);
        }

        public RunReport build() {
            return new RunReport(
                    goal, file, channelsFile, config, source, problems, plan, publish, verify, promotions, failure);
        }
    }
}
