package io.github.releasechannels.site;

import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Source;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A rendered version server: every file with its bytes, sorted by path, plus the configuration it was rendered
 * from.
 */
public record Site(ChannelsConfig config, Source source, List<SiteFile> files) {

    public Site {
        files = files.stream().sorted(Comparator.comparing(SiteFile::path)).toList();
    }

    public Optional<SiteFile> file(String path) {
        return files.stream().filter(file -> file.path().equals(path)).findFirst();
    }

    public long totalBytes() {
        return files.stream().mapToLong(SiteFile::size).sum();
    }
}
