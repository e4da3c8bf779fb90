package io.github.releasechannels.guard;

import io.github.releasechannels.model.Version;
import java.util.Collection;
import java.util.Map;

/** Where the version each channel serves now comes from when the target holds no manifest: the live site. */
@FunctionalInterface
public interface CurrentVersions {

    CurrentVersions UNKNOWN = channels -> Map.of();

    /** The current version of each of {@code channels} that has one; channels that are new are absent. */
    Map<String, Version> of(Collection<String> channels);
}
