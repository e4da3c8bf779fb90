package io.github.releasechannels.publish;

import io.github.releasechannels.publish.git.GitOptions;
import io.github.releasechannels.publish.s3.S3Options;
import io.github.releasechannels.publish.ssh.SshOptions;
import java.util.Map;

/**
 * Every target option, typed and checked once before any target is opened. A directory takes only the common
 * options; each other kind owns its names, defaults and checks in its own package.
 */
public record TargetOptions(CommonOptions common, S3Options s3, GitOptions git, SshOptions ssh) {

    /** Every option at its default. */
    public static TargetOptions defaults() {
        return new TargetOptions(CommonOptions.DEFAULTS, S3Options.DEFAULTS, GitOptions.DEFAULTS,
                SshOptions.defaults());
    }

    /**
     * @param values option values by name without the {@code releaseChannels.} prefix, e.g. {@code s3.region};
     *               blank values count as unset
     * @throws InvalidTargetException naming each wrong option's parameter and how to fix it, all at once
     */
    public static TargetOptions parse(Map<String, String> values) throws InvalidTargetException {
        OptionReader reader = new OptionReader(values);
        TargetOptions options = new TargetOptions(CommonOptions.parse(reader), S3Options.parse(reader),
                GitOptions.parse(reader), SshOptions.parse(reader));
        reader.throwIfAny();
        return options;
    }
}
