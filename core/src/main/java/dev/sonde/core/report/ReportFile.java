package dev.sonde.core.report;

import dev.sonde.core.internal.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates the probe's files in a report directory that other users may be able to write to: a file is
 * always created new (never opened through a symbolic link someone planted, never truncating a file
 * that is already there) with its permissions set as it is created, and a finished file is put in place
 * without replacing anything. When a name is taken, the file goes to the next free name
 * ({@code sonde-42.json}, then {@code sonde-42-2.json}, …) and the log says so, naming both.
 */
public final class ReportFile {

    /** How many names are tried ({@code stem}, {@code stem-2}, … ) before giving up. */
    static final int NAMES = 100;

    private ReportFile() {}

    /**
     * Opens {@code file} for writing as a new file: fails with {@link FileAlreadyExistsException} if
     * anything, a symbolic link included, is there already. On a POSIX file system it is created with
     * {@code permissions} and then given exactly those, whatever the umask took away.
     */
    public static OutputStream createNew(Path file, Set<PosixFilePermission> permissions) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
        // CREATE_NEW is O_CREAT|O_EXCL: it fails on an existing name and never follows a link there
        Set<OpenOption> options = new HashSet<>();
        options.add(StandardOpenOption.CREATE_NEW);
        options.add(StandardOpenOption.WRITE);
        options.add(LinkOption.NOFOLLOW_LINKS);
        OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, options, attributes));
        if (posix) {
            try {
                PosixFileAttributeView view =
                        Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                if (!view.readAttributes().permissions().equals(permissions)) {
                    view.setPermissions(permissions); // the umask only ever narrowed what we asked for
                }
            } catch (IOException | RuntimeException e) {
                // it keeps the mode it was created with: what was asked for, less what the umask took away
            }
        }
        return out;
    }

    /**
     * Loads what {@link #createNew} needs (the JDK's file channels and POSIX attribute views) by opening
     * a file that is always there, the JDK's own {@code release}, for reading only; for the warm-up, so
     * that writing the report at exit does not load them then.
     */
    public static void warmUp() throws IOException {
        Path any = Path.of(System.getProperty("java.home"), "release");
        Set<OpenOption> options = new HashSet<>();
        options.add(StandardOpenOption.READ);
        options.add(LinkOption.NOFOLLOW_LINKS);
        OutputStream stream = Channels.newOutputStream(Files.newByteChannel(any, options));
        try {
            if (any.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.getFileAttributeView(any, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            }
        } finally {
            stream.close();
        }
    }

    /** A new file in {@code directory}, opened for writing, and its name. */
    public static final class Created {
        public final Path path;
        public final OutputStream out;

        Created(Path path, OutputStream out) {
            this.path = path;
            this.out = out;
        }
    }

    /**
     * Creates new files {@code stem + suffix} for every suffix, under the first name ({@code stem},
     * {@code stem-2}, …) free for all of them; says on stderr which names were taken, and by what.
     * {@code what} names the files in that message, e.g. "the trace".
     */
    public static Created[] createFirstFree(
            Path directory, String stem, String[] suffixes, Set<PosixFilePermission> permissions, String what)
            throws IOException {
        Path firstTaken = null;
        for (int n = 1; n <= NAMES; n++) {
            String name = n == 1 ? stem : stem + "-" + n;
            Created[] created = new Created[suffixes.length];
            Path taken = null;
            for (int i = 0; i < suffixes.length && taken == null; i++) {
                Path file = directory.resolve(name + suffixes[i]);
                try {
                    created[i] = new Created(file, createNew(file, permissions));
                } catch (FileAlreadyExistsException e) {
                    taken = file;
                }
            }
            if (taken == null) {
                if (firstTaken != null) {
                    Log.warn(taken(firstTaken) + ": " + what + " goes to " + created[0].path + " instead");
                }
                return created;
            }
            for (Created done : created) {
                if (done != null) {
                    done.out.close();
                    Files.deleteIfExists(done.path);
                }
            }
            if (firstTaken == null) {
                firstTaken = taken;
            }
        }
        throw new FileAlreadyExistsException(
                firstTaken.toString(), null, "this name and the next " + (NAMES - 1) + " are taken");
    }

    /** A new file with a name no one can guess beforehand, for content to be moved in place with {@link #publish}. */
    public static Created createPartial(Path directory, String prefix, Set<PosixFilePermission> permissions)
            throws IOException {
        FileAlreadyExistsException taken = null;
        for (int i = 0; i < NAMES; i++) {
            Path file = directory.resolve(
                    prefix + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".partial");
            try {
                return new Created(file, createNew(file, permissions));
            } catch (FileAlreadyExistsException e) {
                taken = e; // someone else's file, by chance or on purpose: draw another name
            }
        }
        throw taken;
    }

    /**
     * Gives the finished file {@code partial} its final name {@code stem + suffix} in its directory, or the
     * first free one after it, never replacing what is there; returns the name it got. The file appears
     * whole, at once: it is hard-linked under the new name (which fails on any existing name) and the
     * partial name removed; on a file system without hard links it is renamed after checking the name is
     * free, which another process could race.
     */
    public static Path publish(Path partial, String stem, String suffix, String what) throws IOException {
        Path directory = partial.getParent();
        Path firstTaken = null;
        try {
            for (int n = 1; n <= NAMES; n++) {
                Path target = directory.resolve((n == 1 ? stem : stem + "-" + n) + suffix);
                if (place(partial, target)) {
                    if (firstTaken != null) {
                        Log.warn(taken(firstTaken) + ": " + what + " is " + target + " instead");
                    }
                    return target;
                }
                if (firstTaken == null) {
                    firstTaken = target;
                }
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        throw new FileAlreadyExistsException(
                firstTaken.toString(), null, "this name and the next " + (NAMES - 1) + " are taken");
    }

    /** Puts {@code partial} at {@code target}; false when the name is taken. */
    private static boolean place(Path partial, Path target) throws IOException {
        try {
            Files.createLink(target, partial);
            Files.delete(partial);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links here (some network and FAT file systems): rename, without replacing
            try {
                Files.move(partial, target);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        }
    }

    private static String taken(Path file) {
        String kind = Files.isSymbolicLink(file)
                ? "a symbolic link"
                : Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "a directory" : "a file";
        return file + " is already taken (by " + kind + "), so it was neither followed nor replaced";
    }
}
