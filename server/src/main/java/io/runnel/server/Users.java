package io.runnel.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.Suggestions;
import io.runnel.parser.ast.Pos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server's users besides the admin: each a name, its rights and the SHA-256 of its bearer token, kept
 * in {@code server/users.json} of the data directory. A token is made when its user is, returned once, and
 * never stored. Names are told apart ignoring case.
 *
 * <p>Thread-safe: the HTTP API and statements may change users at once. Each change is written to a new
 * file moved over the old one, and takes effect only once written: a change that fails to be written leaves
 * the users as they were, on disk and here.
 */
final class Users {
  /** What a user may do; each right but READ includes none of the others. */
  enum Right {
    /** Read views, follow their changes, list queries, and run SHOW, DESCRIBE, EXPLAIN, SELECT and SET. */
    READ,
    /** Insert rows into streams and tables (POST .../rows, INSERT ... VALUES, INSERT ... WATERMARK). */
    WRITE,
    /** Every other statement: create and drop, persistent queries and views, TERMINATE, CHECKPOINT. */
    MANAGE,
    /** Manage users (the /v1/users endpoints, CREATE USER, DROP USER, GRANT, REVOKE, SHOW USERS). */
    ADMIN;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** {@code rights} as a sentence's list: {@code read, write}. */
    static String labels(Set<Right> rights) {
      return String.join(", ", rights.stream().map(Right::label).toList());
    }
  }

  /** Someone a request comes from: the admin, or a user. */
  record User(String name, Set<Right> rights) {
    static final User ADMIN = new User("admin", EnumSet.allOf(Right.class));

    /** Refuses the request unless this user has {@code right}. */
    void require(Right right) {
      if (!rights.contains(right)) {
        throw new ApiException(
            403,
            ErrorCode.FORBIDDEN,
            "User " + name + " may " + Right.labels(rights) + ", not " + right.label(),
            "Ask the admin for a token with the right " + right.label() + ".");
      }
    }
  }

  /** A user as kept: its name as first written, its rights (never changed in place), its token's hash. */
  private record Stored(String name, Set<Right> rights, byte[] hash) {
    Stored {
      rights = Collections.unmodifiableSet(EnumSet.copyOf(rights));
    }
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

  private final Path file;
  private final ObjectMapper mapper = new ObjectMapper();
  /** By name in lower case, in the order made; replaced whole by each change, once it is written. */
  private Map<String, Stored> users = new LinkedHashMap<>();

  private Users(Path file) {
    this.file = file;
  }

  static Users open(Path data) throws IOException {
    Users u = new Users(data.resolve("server").resolve("users.json"));
    if (Files.exists(u.file)) {
      for (JsonNode n : u.mapper.readTree(u.file.toFile())) {
        Set<Right> rights = EnumSet.noneOf(Right.class);
        n.get("rights").forEach(r -> rights.add(Right.valueOf(r.asText().toUpperCase(Locale.ROOT))));
        String name = n.get("name").asText();
        u.users.put(key(name), new Stored(name, rights, Tokens.unhex(n.get("sha256").asText())));
      }
    }
    return u;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The user whose token an {@code Authorization: Bearer} header carries, or null. */
  synchronized User find(String authorization) {
    byte[] hash = Tokens.bearerHash(authorization);
    if (hash == null) {
      return null;
    }
    User found = null;
    for (Stored s : users.values()) {
      if (Tokens.same(hash, s.hash())) { // every user compared, in constant time each
        found = new User(s.name(), s.rights());
      }
    }
    return found;
  }

  /**
   * Makes user {@code name} with {@code rights}, and returns its new token. A user of that name is replaced
   * when {@code replace}, else refused ({@code RUN-1707}). Errors point at {@code at} (null for a request).
   */
  synchronized String create(String name, Set<Right> rights, boolean replace, Pos at) throws IOException {
    checkName(name, at);
    if (rights.isEmpty()) {
      throw ApiException.badRequest("A user needs at least one right", "Give \"rights\": [\"read\"] or more of read, write, manage, admin.");
    }
    Stored existing = users.get(key(name));
    if (existing != null && !replace) {
      throw new RunnelException(
          ErrorCode.DUPLICATE_USER,
          at,
          "User " + existing.name() + " exists already",
          "GRANT or REVOKE changes its rights and keeps its token; DROP USER " + existing.name() + " first for a new token.");
    }
    String token = Tokens.random();
    Map<String, Stored> next = new LinkedHashMap<>(users);
    next.put(key(name), new Stored(existing == null ? name : existing.name(), rights, Tokens.sha256(token)));
    save(next);
    return token;
  }

  /** Removes user {@code name}: its token is refused from now on. False when there is no such user. */
  synchronized boolean remove(String name) throws IOException {
    if (!users.containsKey(key(name))) {
      return false;
    }
    Map<String, Stored> next = new LinkedHashMap<>(users);
    next.remove(key(name));
    save(next);
    return true;
  }

  /**
   * Gives user {@code name} the rights {@code granted} and takes {@code revoked} away; its token stays. The
   * user's rights then. Refused when there is no such user, or when it would be left with no right.
   */
  synchronized Set<Right> change(String name, Set<Right> granted, Set<Right> revoked, Pos at) throws IOException {
    checkName(name, at);
    Stored s = users.get(key(name));
    if (s == null) {
      throw unknown(name, at);
    }
    Set<Right> rights = EnumSet.noneOf(Right.class);
    rights.addAll(s.rights());
    rights.addAll(granted);
    rights.removeAll(revoked);
    if (rights.isEmpty()) {
      throw new RunnelException(
          ErrorCode.INVALID_DEFINITION, at, "User " + s.name() + " would be left with no right", "A user has at least one right: DROP USER " + s.name() + " to remove it.");
    }
    Map<String, Stored> next = new LinkedHashMap<>(users);
    next.put(key(name), new Stored(s.name(), rights, s.hash()));
    save(next);
    return Collections.unmodifiableSet(rights);
  }

  /** Each user's name and rights, in the order they were made. */
  synchronized Map<String, Set<Right>> list() {
    Map<String, Set<Right>> out = new LinkedHashMap<>();
    users.values().forEach(s -> out.put(s.name(), s.rights()));
    return out;
  }

  /** The error for a user there is not, with the closest name there is as a hint. */
  synchronized RunnelException unknown(String name, Pos at) {
    String closest = Suggestions.closest(name, users.values().stream().map(Stored::name).toList());
    return new RunnelException(
        ErrorCode.UNKNOWN_USER, at, "No user " + name, closest != null ? "Did you mean " + closest + "?" : "SHOW USERS lists the users.");
  }

  /**
   * Refuses a name no user may have ({@code RUN-1709}): admin, whose token is the server's own and not a
   * user's, and any but a letter then letters, digits, '_', '.' or '-' (up to 64).
   */
  static void checkName(String name, Pos at) {
    if (name != null && name.equalsIgnoreCase(User.ADMIN.name())) {
      throw new RunnelException(
          ErrorCode.INVALID_USER_NAME,
          at,
          "admin is not a user: it cannot be created, dropped, granted or revoked",
          "The admin token has every right; the server's environment variable RUNNEL_ADMIN_TOKEN replaces it.");
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new RunnelException(
          ErrorCode.INVALID_USER_NAME,
          at,
          "A user's name is a letter then letters, digits, '_', '.' or '-' (up to 64), not " + (name == null ? "none" : "'" + name + "'"),
          at == null ? null : "In a statement, quote a name with '.' or '-': CREATE USER \"ci-bot\" WITH RIGHTS read.");
    }
  }

  /** The rights named in {@code node} (a JSON array of names). */
  static Set<Right> rights(JsonNode node) {
    Set<Right> rights = EnumSet.noneOf(Right.class);
    if (node == null || !node.isArray()) {
      throw ApiException.badRequest("\"rights\" must be an array", "As in \"rights\": [\"read\", \"write\"].");
    }
    for (JsonNode r : node) {
      try {
        rights.add(Right.valueOf(r.asText().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("No right " + r, "The rights are read, write, manage and admin.");
      }
    }
    return rights;
  }

  /** Writes {@code next} whole or not at all, then makes it the users. */
  private void save(Map<String, Stored> next) throws IOException {
    ArrayNode all = mapper.createArrayNode();
    for (Stored s : next.values()) {
      ObjectNode n = all.addObject();
      n.put("name", s.name());
      ArrayNode rights = n.putArray("rights");
      s.rights().forEach(r -> rights.add(r.label()));
      n.put("sha256", Tokens.hex(s.hash()));
    }
    AdminToken.replace(file, mapper.writeValueAsString(all) + "\n");
    users = next;
  }
}
