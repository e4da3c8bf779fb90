// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.source;

import io.github.releasechannels.files.BoundedRead;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * What a working-tree read of channels.yaml needs from its git repository, read straight from {@code .git}: where
 * the work tree is, which commit {@code HEAD} is and when it was committed, and the id of the file's blob in it. It
 * reads loose and packed objects (SHA-1, pack index version 2, deltas), loose and packed refs, linked work trees
 * ({@code .git} files, {@code commondir}) and alternates, which is every clone CI makes; starting the JVM's copy of
 * JGit for this costs more than the rest of a check. A layout it does not read (reftable refs, SHA-256 objects,
 * {@code core.worktree}, {@code GIT_DIR} and friends) is reported as {@link UnsupportedLayoutException}, for JGit to
 * read. Everything read is bounded: objects by {@link #MAX_OBJECT_BYTES}, delta chains by {@link #MAX_DELTA_DEPTH},
 * ref chains by {@link #MAX_REF_DEPTH}.
 */
final class GitHeadReader {

    static final int MAX_OBJECT_BYTES = 64 << 20;
    static final int MAX_DELTA_DEPTH = 1000;
    static final int MAX_REF_DEPTH = 5;
    private static final int MAX_SMALL_FILE = 64 << 10;
    private static final int MAX_ALTERNATE_DEPTH = 5;
    private static final int ID_BYTES = 20;
    private static final HexFormat HEX = HexFormat.of();
    /** What changes where git looks for the repository or its objects: JGit honours them, this reader leaves them. */
    private static final List<String> ENVIRONMENT = List.of(
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_COMMON_DIR",
            "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            "GIT_CEILING_DIRECTORIES");

    /** A repository layout this reader does not read; JGit does. */
    static final class UnsupportedLayoutException extends Exception {
        UnsupportedLayoutException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** HEAD's commit and the file's blob in it, if it is there as a regular file. */
    record Head(String commit, Instant committed, Optional<String> blob) {}

    private final Path workTree;
    private final Path gitDir;
    private final Path commonDir;

    private GitHeadReader(Path workTree, Path gitDir, Path commonDir) {
        this.workTree = workTree;
        this.gitDir = gitDir;
        this.commonDir = commonDir;
    }

    /**
     * The non-bare repository whose work tree holds {@code directory}, found as git finds it: the nearest
     * {@code .git} directory or {@code .git} file upwards. Empty when there is none.
     */
    static Optional<GitHeadReader> find(Path directory, Function<String, String> environment)
            throws IOException, UnsupportedLayoutException {
        for (String name : ENVIRONMENT) {
            if (environment.apply(name) != null) {
                throw new UnsupportedLayoutException(name + " is set");
            }
        }
        for (Path dir = directory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path dotGit = dir.resolve(".git");
            if (Files.isDirectory(dotGit)) {
                if (isGitDirectory(dotGit)) {
                    return Optional.of(open(dir, dotGit));
                }
            } else if (Files.isRegularFile(dotGit)) {
                String text = smallText(dotGit).strip();
                if (!text.startsWith("gitdir:")) {
                    throw new UnsupportedLayoutException(dotGit + " is not a 'gitdir:' file");
                }
                Path linked =
                        dir.resolve(text.substring("gitdir:".length()).strip()).normalize();
                if (!isGitDirectory(linked)) {
                    throw new UnsupportedLayoutException(dotGit + " names " + linked + ", not a git directory");
                }
                return Optional.of(open(dir, linked));
            } else if (isGitDirectory(dir)) {
                return Optional.empty(); // a bare repository, or inside .git: no work tree
            }
        }
        return Optional.empty();
    }

    private static boolean isGitDirectory(Path dir) throws IOException {
        Path common = commonDirectory(dir);
        return Files.isRegularFile(dir.resolve("HEAD"))
                && Files.isDirectory(common.resolve("objects"))
                && Files.isDirectory(common.resolve("refs"));
    }

    private static Path commonDirectory(Path gitDir) throws IOException {
        Path file = gitDir.resolve("commondir");
        return Files.isRegularFile(file)
                ? gitDir.resolve(smallText(file).strip()).normalize()
                : gitDir;
    }

    private static GitHeadReader open(Path workTree, Path gitDir) throws IOException, UnsupportedLayoutException {
        Path commonDir = commonDirectory(gitDir);
        Path config = commonDir.resolve("config");
        if (Files.isRegularFile(config)) {
            checkConfig(smallText(config));
        }
        if (Files.exists(commonDir.resolve("reftable"))) {
            throw new UnsupportedLayoutException("reftable refs");
        }
        return new GitHeadReader(workTree, gitDir, commonDir);
    }

    /** Refuses the settings that change what this reader would find: another work tree, a bare repository, new formats. */
    private static void checkConfig(String config) throws UnsupportedLayoutException {
        String section = "";
        for (String raw : config.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                section = line.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                if (section.startsWith("[include")) {
                    throw new UnsupportedLayoutException("the repository's config includes another file");
                }
                continue;
            }
            String key = line.split("[=\\s]", 2)[0].toLowerCase(Locale.ROOT);
            String value = line.contains("=")
                    ? line.substring(line.indexOf('=') + 1).strip().toLowerCase(Locale.ROOT)
                    : "true";
            if (section.equals("[core]") && (key.equals("worktree") || (key.equals("bare") && value.equals("true")))) {
                throw new UnsupportedLayoutException("core." + key + " is set");
            }
            if (section.equals("[extensions]")
                    && ((key.equals("objectformat") && !value.equals("sha1"))
                            || (key.equals("refstorage") && !value.equals("files")))) {
                throw new UnsupportedLayoutException("extensions." + key + " = " + value);
            }
        }
    }

    Path workTree() {
        return workTree;
    }

    /** HEAD's commit and the blob at {@code path} (slash-separated, relative to the work tree); empty when HEAD is unborn. */
    Optional<Head> head(String path) throws IOException {
        Optional<String> commitId = resolve("HEAD", 0);
        if (commitId.isEmpty()) {
            return Optional.empty();
        }
        String id = commitId.get();
        GitObject object = read(id);
        for (int peel = 0; object.type == TAG && peel < MAX_REF_DEPTH; peel++) {
            id = header(object, "object ").orElseThrow(() -> corrupt("a tag without an object"));
            object = read(id);
        }
        if (object.type != COMMIT) {
            throw corrupt("HEAD is not a commit");
        }
        String tree = header(object, "tree ")
                .orElseThrow(() -> corrupt("commit " + shortId(commitId.get()) + " has no tree"));
        String committer = header(object, "committer ")
                .orElseThrow(() -> corrupt("commit " + shortId(commitId.get()) + " has no committer"));
        return Optional.of(new Head(id, committedAt(committer), blob(tree, path)));
    }

    /** git's id of a blob holding {@code content}. */
    static String blobId(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HEX.formatHex(sha1.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private Optional<String> resolve(String ref, int depth) throws IOException {
        if (depth > MAX_REF_DEPTH) {
            throw corrupt("symbolic refs nest deeper than " + MAX_REF_DEPTH + " at " + ref);
        }
        if (ref.contains("..") || ref.startsWith("/")) {
            throw corrupt("the ref name '" + ref + "' leaves the repository");
        }
        // Per-work-tree refs (HEAD) first, then the shared ones, as git looks them up.
        for (Path base : List.of(gitDir, commonDir)) {
            Path file = base.resolve(ref);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                String value = smallText(file).strip();
                if (value.startsWith("ref:")) {
                    return resolve(value.substring(4).strip(), depth + 1);
                }
                return Optional.of(objectId(value, ref));
            }
        }
        Path packed = commonDir.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            // Streamed: a repository with many tags has a large one.
            try (BufferedReader lines = Files.newBufferedReader(packed, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("#") || line.startsWith("^")) {
                        continue;
                    }
                    int space = line.indexOf(' ');
                    if (space > 0 && line.substring(space + 1).equals(ref)) {
                        return Optional.of(objectId(line.substring(0, space), ref));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String objectId(String value, String ref) throws IOException {
        if (value.length() != 2 * ID_BYTES || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw corrupt(ref + " holds '" + value + "', not an object id");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static Optional<String> header(GitObject object, String prefix) {
        String text = new String(object.content, StandardCharsets.UTF_8);
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                break; // the message starts
            }
            if (line.startsWith(prefix)) {
                return Optional.of(line.substring(prefix.length()).strip());
            }
        }
        return Optional.empty();
    }

    /** {@code Name <email> 1700000000 +0100}: the seconds before the zone. */
    private static Instant committedAt(String committer) throws IOException {
        String[] parts =
                committer.substring(committer.lastIndexOf('>') + 1).strip().split(" ", -1);
        try {
            return Instant.ofEpochSecond(Long.parseLong(parts[0]));
        } catch (NumberFormatException e) {
            throw corrupt("a committer line without a time: " + committer);
        }
    }

    private Optional<String> blob(String tree, String path) throws IOException {
        String[] names = path.split("/", -1);
        String id = tree;
        for (int i = 0; i < names.length; i++) {
            GitObject object = read(id);
            if (object.type != TREE) {
                throw corrupt("object " + shortId(id) + " is not a tree");
            }
            Optional<TreeEntry> entry = entry(object.content, names[i]);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            boolean last = i == names.length - 1;
            int kind = entry.get().mode & 0170000;
            if (last) {
                return kind == 0100000 ? Optional.of(entry.get().id) : Optional.empty();
            }
            if (kind != 0040000) {
                return Optional.empty();
            }
            id = entry.get().id;
        }
        return Optional.empty();
    }

    private record TreeEntry(int mode, String id) {}

    private static Optional<TreeEntry> entry(byte[] tree, String name) throws IOException {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        int at = 0;
        while (at < tree.length) {
            int space = indexOf(tree, (byte) ' ', at);
            int nul = space < 0 ? -1 : indexOf(tree, (byte) 0, space + 1);
            if (nul < 0 || nul + 1 + ID_BYTES > tree.length) {
                throw corrupt("a tree entry is cut short");
            }
            int mode = 0;
            for (int i = at; i < space; i++) {
                int digit = tree[i] - '0';
                if (digit < 0 || digit > 7 || i - at > 7) {
                    throw corrupt("a tree entry's mode is not octal");
                }
                mode = mode * 8 + digit;
            }
            if (Arrays.equals(tree, space + 1, nul, wanted, 0, wanted.length)) {
                return Optional.of(new TreeEntry(mode, HEX.formatHex(tree, nul + 1, nul + 1 + ID_BYTES)));
            }
            at = nul + 1 + ID_BYTES;
        }
        return Optional.empty();
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    // --- objects -------------------------------------------------------------------------------------------------

    private static final int COMMIT = 1;
    private static final int TREE = 2;
    private static final int BLOB = 3;
    private static final int TAG = 4;
    private static final int OFS_DELTA = 6;
    private static final int REF_DELTA = 7;

    @SuppressWarnings("ArrayRecordComponent") // carries an object's bytes; never compared, hashed or used as a key
    private record GitObject(int type, byte[] content) {}

    private List<Path> objectDirectories;

    private GitObject read(String id) throws IOException {
        if (objectDirectories == null) {
            objectDirectories = new ArrayList<>();
            addObjectDirectory(commonDir.resolve("objects"), 0);
        }
        for (Path objects : objectDirectories) {
            Optional<GitObject> found = readFrom(objects, id, 0);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new IOException("object " + shortId(id) + " is not in the repository at " + commonDir
                + " (a partial or broken clone?)");
    }

    private void addObjectDirectory(Path objects, int depth) throws IOException {
        if (depth > MAX_ALTERNATE_DEPTH || objectDirectories.contains(objects)) {
            return;
        }
        objectDirectories.add(objects);
        Path alternates = objects.resolve("info/alternates");
        if (Files.isRegularFile(alternates)) {
            for (String line : smallText(alternates).split("\n", -1)) {
                String alternate = line.strip();
                if (!alternate.isEmpty() && !alternate.startsWith("#")) {
                    addObjectDirectory(objects.resolve(alternate).normalize(), depth + 1);
                }
            }
        }
    }

    private Optional<GitObject> readFrom(Path objects, String id, int depth) throws IOException {
        Path loose = objects.resolve(id.substring(0, 2)).resolve(id.substring(2));
        if (Files.isRegularFile(loose)) {
            return Optional.of(readLoose(loose, id));
        }
        Path packs = objects.resolve("pack");
        if (!Files.isDirectory(packs)) {
            return Optional.empty();
        }
        byte[] wanted = HEX.parseHex(id);
        try (DirectoryStream<Path> indexes = Files.newDirectoryStream(packs, "pack-*.idx")) {
            for (Path index : indexes) {
                long offset = offsetIn(index, wanted);
                if (offset >= 0) {
                    Path pack = packs.resolve(index.getFileName().toString().replaceFirst("\\.idx$", ".pack"));
                    try (FileChannel channel = FileChannel.open(pack, StandardOpenOption.READ)) {
                        return Optional.of(readPacked(channel, offset, depth));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static GitObject readLoose(Path file, String id) throws IOException {
        try (InputStream in = new InflaterInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            for (int b = in.read(); b != 0; b = in.read()) {
                if (b < 0 || header.size() > 32) {
                    throw corrupt("loose object " + shortId(id) + " has no header");
                }
                header.write(b);
            }
            String[] parts = header.toString(StandardCharsets.US_ASCII).split(" ", -1);
            int type = switch (parts[0]) {
                case "commit" -> COMMIT;
                case "tree" -> TREE;
                case "blob" -> BLOB;
                case "tag" -> TAG;
                default -> throw corrupt("loose object " + shortId(id) + " has the type '" + parts[0] + "'");
            };
            int size = size(parts.length == 2 ? parts[1] : "", id);
            byte[] content = in.readNBytes(size);
            if (content.length != size) {
                throw corrupt("loose object " + shortId(id) + " is cut short");
            }
            return new GitObject(type, content);
        }
    }

    private static int size(String value, String id) throws IOException {
        try {
            long size = Long.parseLong(value);
            if (size < 0 || size > MAX_OBJECT_BYTES) {
                throw corrupt("object " + shortId(id) + " is larger than " + MAX_OBJECT_BYTES + " bytes");
            }
            return (int) size;
        } catch (NumberFormatException e) {
            throw corrupt("object " + shortId(id) + " has no size");
        }
    }

    /** The object's offset in the pack of this version-2 index, or -1 when the index does not list it. */
    private static long offsetIn(Path index, byte[] id) throws IOException {
        try (FileChannel channel = FileChannel.open(index, StandardOpenOption.READ)) {
            ByteBuffer head = read(channel, 0, 8 + 256 * 4, index);
            if (head.getInt(0) != 0xff744f63 || head.getInt(4) != 2) {
                throw new IOException(index + " is not a version 2 pack index");
            }
            int bucket = id[0] & 0xff;
            long from = bucket == 0 ? 0 : Integer.toUnsignedLong(head.getInt(8 + (bucket - 1) * 4));
            long to = Integer.toUnsignedLong(head.getInt(8 + bucket * 4));
            long count = Integer.toUnsignedLong(head.getInt(8 + 255 * 4));
            if (from > to || to > count || 8 + 1024 + count * 28 > channel.size()) {
                throw corrupt(index + " has an inconsistent fan-out table");
            }
            long names = 8 + 1024;
            byte[] candidate = new byte[ID_BYTES];
            while (from < to) {
                long middle = (from + to) >>> 1;
                read(channel, names + middle * ID_BYTES, ID_BYTES, index).get(candidate);
                int order = Arrays.compareUnsigned(candidate, id);
                if (order == 0) {
                    long offsets = names + count * ID_BYTES + count * 4;
                    long offset = Integer.toUnsignedLong(
                            read(channel, offsets + middle * 4, 4, index).getInt());
                    if ((offset & 0x80000000L) != 0) {
                        long large = offsets + count * 4 + (offset & 0x7fffffffL) * 8;
                        offset = read(channel, large, 8, index).getLong();
                    }
                    return offset;
                }
                if (order < 0) {
                    from = middle + 1;
                } else {
                    to = middle;
                }
            }
            return -1;
        }
    }

    private GitObject readPacked(FileChannel pack, long offset, int depth) throws IOException {
        try {
            return readPackedEntry(pack, offset, depth);
        } catch (BufferUnderflowException e) {
            throw corrupt("a pack entry's header is cut short");
        }
    }

    private GitObject readPackedEntry(FileChannel pack, long offset, int depth) throws IOException {
        if (depth > MAX_DELTA_DEPTH) {
            throw corrupt("a delta chain longer than " + MAX_DELTA_DEPTH);
        }
        if (offset < 12 || offset >= pack.size()) {
            throw corrupt("a pack offset outside the pack");
        }
        ByteBuffer header = read(pack, offset, (int) Math.min(32, pack.size() - offset), null);
        int b = header.get() & 0xff;
        int type = (b >> 4) & 7;
        long size = b & 15;
        int shift = 4;
        while ((b & 0x80) != 0) {
            b = header.get() & 0xff;
            size |= (long) (b & 0x7f) << shift;
            shift += 7;
            if (shift > 35) {
                throw corrupt("a pack entry's size does not end");
            }
        }
        if (size > MAX_OBJECT_BYTES) {
            throw corrupt("a packed object larger than " + MAX_OBJECT_BYTES + " bytes");
        }
        GitObject base = null;
        if (type == OFS_DELTA) {
            b = header.get() & 0xff;
            long back = b & 0x7f;
            while ((b & 0x80) != 0) {
                b = header.get() & 0xff;
                back = ((back + 1) << 7) | (b & 0x7f);
                if (back > offset) {
                    throw corrupt("a delta's base lies before the pack");
                }
            }
            base = readPacked(pack, offset - back, depth + 1);
        } else if (type == REF_DELTA) {
            byte[] baseId = new byte[ID_BYTES];
            header.get(baseId);
            base = readAnywhere(HEX.formatHex(baseId), depth + 1);
        } else if (type < COMMIT || type > TAG) {
            throw corrupt("a pack entry of type " + type);
        }
        byte[] data = inflate(pack, offset + header.position(), (int) size);
        return base == null ? new GitObject(type, data) : new GitObject(base.type, applyDelta(base.content, data));
    }

    private GitObject readAnywhere(String id, int depth) throws IOException {
        for (Path objects : objectDirectories) {
            Optional<GitObject> found = readFrom(objects, id, depth);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new IOException("the delta base " + shortId(id) + " is not in the repository at " + commonDir);
    }

    private static byte[] inflate(FileChannel pack, long from, int size) throws IOException {
        Inflater inflater = new Inflater();
        try {
            byte[] out = new byte[size];
            int produced = 0;
            long at = from;
            ByteBuffer input = ByteBuffer.allocate(8192);
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    input.clear();
                    int n = pack.read(input, at);
                    if (n <= 0) {
                        throw corrupt("a packed object is cut short");
                    }
                    at += n;
                    inflater.setInput(input.array(), 0, n);
                }
                if (produced == size) {
                    // A stream that would give more than its header said is refused below.
                    byte[] extra = new byte[1];
                    if (inflater.inflate(extra) > 0) {
                        throw corrupt("a packed object is larger than its header says");
                    }
                    if (inflater.needsDictionary()) {
                        throw corrupt("a packed object needs a dictionary");
                    }
                    continue;
                }
                produced += inflater.inflate(out, produced, size - produced);
                if (inflater.needsDictionary()) {
                    throw corrupt("a packed object needs a dictionary");
                }
            }
            if (produced != size) {
                throw corrupt("a packed object is shorter than its header says");
            }
            return out;
        } catch (DataFormatException e) {
            throw corrupt("a packed object does not inflate: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** git's delta: the base's and the result's sizes, then copies from the base and literal inserts. */
    private static byte[] applyDelta(byte[] base, byte[] delta) throws IOException {
        int[] at = {0};
        long baseSize = varint(delta, at);
        long resultSize = varint(delta, at);
        if (baseSize != base.length || resultSize > MAX_OBJECT_BYTES) {
            throw corrupt("a delta does not fit its base");
        }
        byte[] result = new byte[(int) resultSize];
        int out = 0;
        while (at[0] < delta.length) {
            int op = delta[at[0]++] & 0xff;
            if ((op & 0x80) != 0) {
                long copyOffset = 0;
                long copySize = 0;
                for (int i = 0; i < 4; i++) {
                    if ((op & (1 << i)) != 0) {
                        copyOffset |= (long) (next(delta, at) & 0xff) << (8 * i);
                    }
                }
                for (int i = 0; i < 3; i++) {
                    if ((op & (0x10 << i)) != 0) {
                        copySize |= (long) (next(delta, at) & 0xff) << (8 * i);
                    }
                }
                if (copySize == 0) {
                    copySize = 0x10000;
                }
                if (copyOffset + copySize > base.length || out + copySize > result.length) {
                    throw corrupt("a delta copies outside its base");
                }
                System.arraycopy(base, (int) copyOffset, result, out, (int) copySize);
                out += (int) copySize;
            } else if (op != 0) {
                if (at[0] + op > delta.length || out + op > result.length) {
                    throw corrupt("a delta inserts past its end");
                }
                System.arraycopy(delta, at[0], result, out, op);
                at[0] += op;
                out += op;
            } else {
                throw corrupt("a delta with a reserved instruction");
            }
        }
        if (out != result.length) {
            throw corrupt("a delta is shorter than it says");
        }
        return result;
    }

    private static long varint(byte[] bytes, int[] at) throws IOException {
        long value = 0;
        int shift = 0;
        int b;
        do {
            b = next(bytes, at) & 0xff;
            value |= (long) (b & 0x7f) << shift;
            shift += 7;
            if (shift > 35) {
                throw corrupt("a delta size does not end");
            }
        } while ((b & 0x80) != 0);
        return value;
    }

    private static byte next(byte[] bytes, int[] at) throws IOException {
        if (at[0] >= bytes.length) {
            throw corrupt("a delta is cut short");
        }
        return bytes[at[0]++];
    }

    private static ByteBuffer read(FileChannel channel, long position, int length, Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw corrupt((file == null ? "a pack" : file.toString()) + " is cut short");
            }
        }
        return buffer.flip();
    }

    private static String smallText(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = BoundedRead.regularFile(file.toRealPath(), MAX_SMALL_FILE);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " is a link to nothing", e);
        }
        if (bytes.length > MAX_SMALL_FILE) {
            throw corrupt(file + " is larger than " + MAX_SMALL_FILE + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String shortId(String id) {
        return id.substring(0, Math.min(12, id.length()));
    }

    private static IOException corrupt(String what) {
        return new IOException("the git repository is damaged: " + what);
    }
}
