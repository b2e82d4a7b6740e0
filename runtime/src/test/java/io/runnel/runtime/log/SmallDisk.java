package io.runnel.runtime.log;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted under a test's temporary directory, to fill the disk for real. Mounting needs root
 * (and a kernel that lets this process mount): where it cannot, the test is skipped, saying why.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path dir;

  private SmallDisk(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code megabytes} on {@code under}/disk, or skips the test. */
  public static SmallDisk mount(Path under, int megabytes) throws IOException, InterruptedException {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "a tmpfs needs Linux");
    Path dir = Files.createDirectories(under.resolve("disk"));
    int rc = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
    assumeTrue(rc == 0, "cannot mount a tmpfs here (mount exited with " + rc + "; it needs root): the full-disk test is skipped");
    return new SmallDisk(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Gives the file system {@code megabytes} in all, keeping what it holds. */
  public void resize(int megabytes) throws IOException, InterruptedException {
    int rc = run("mount", "-o", "remount,size=" + megabytes + "m", dir.toString());
    if (rc != 0) {
      throw new IOException("remount of " + dir + " exited with " + rc);
    }
  }

  /** Unmounts; lazily when Chronicle still has a file mapped, so that the temporary directory can go. */
  @Override
  public void close() throws IOException {
    try {
      if (run("umount", dir.toString()) != 0 && run("umount", "-l", dir.toString()) != 0) {
        throw new IOException("cannot unmount " + dir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unmounting " + dir, e);
    }
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return -1; // no such command
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
