package io.runnel.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runnel.parser.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server's users besides the admin: each a name, its rights and the SHA-256 of its bearer token, kept
 * in {@code server/users.json} of the data directory. A token is made when its user is, returned once, and
 * never stored.
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
    /** Manage users. */
    ADMIN;

    String label() {
      return name().toLowerCase(Locale.ROOT);
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
            "User " + name + " may " + String.join(", ", rights.stream().map(Right::label).toList()) + ", not " + right.label(),
            "Ask the admin for a token with the right " + right.label() + ".");
      }
    }
  }

  private record Stored(Set<Right> rights, byte[] hash) {}

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

  private final Path file;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, Stored> users = new LinkedHashMap<>();

  private Users(Path file) {
    this.file = file;
  }

  static Users open(Path data) throws IOException {
    Users u = new Users(data.resolve("server").resolve("users.json"));
    if (Files.exists(u.file)) {
      for (JsonNode n : u.mapper.readTree(u.file.toFile())) {
        Set<Right> rights = EnumSet.noneOf(Right.class);
        n.get("rights").forEach(r -> rights.add(Right.valueOf(r.asText().toUpperCase(Locale.ROOT))));
        u.users.put(n.get("name").asText(), new Stored(rights, Tokens.unhex(n.get("sha256").asText())));
      }
    }
    return u;
  }

  /** The user whose token an {@code Authorization: Bearer} header carries, or null. */
  synchronized User find(String authorization) {
    byte[] hash = Tokens.bearerHash(authorization);
    if (hash == null) {
      return null;
    }
    User found = null;
    for (var e : users.entrySet()) {
      if (Tokens.same(hash, e.getValue().hash())) { // every user compared, in constant time each
        found = new User(e.getKey(), e.getValue().rights());
      }
    }
    return found;
  }

  /** Makes user {@code name} with {@code rights} (replacing one of that name), and returns its new token. */
  synchronized String create(String name, Set<Right> rights) throws IOException {
    if (name == null || !NAME.matcher(name).matches() || name.equalsIgnoreCase("admin")) {
      throw ApiException.badRequest("A user's name is a letter then letters, digits, '_', '.' or '-' (up to 64), and not admin: " + name, null);
    }
    if (rights.isEmpty()) {
      throw ApiException.badRequest("A user needs at least one right", "Give \"rights\": [\"read\"] or more of read, write, manage, admin.");
    }
    String token = Tokens.random();
    users.put(name, new Stored(EnumSet.copyOf(rights), Tokens.sha256(token)));
    save();
    return token;
  }

  /** Removes user {@code name}: its token is refused from now on. False when there is no such user. */
  synchronized boolean remove(String name) throws IOException {
    if (users.remove(name) == null) {
      return false;
    }
    save();
    return true;
  }

  /** Each user's name and rights. */
  synchronized Map<String, Set<Right>> list() {
    Map<String, Set<Right>> out = new LinkedHashMap<>();
    users.forEach((name, s) -> out.put(name, s.rights()));
    return out;
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

  private void save() throws IOException {
    ArrayNode all = mapper.createArrayNode();
    users.forEach(
        (name, s) -> {
          ObjectNode n = all.addObject();
          n.put("name", name);
          ArrayNode rights = n.putArray("rights");
          List<String> labels = new ArrayList<>();
          s.rights().forEach(r -> labels.add(r.label()));
          labels.forEach(rights::add);
          n.put("sha256", Tokens.hex(s.hash()));
        });
    AdminToken.replace(file, mapper.writeValueAsString(all) + "\n");
  }
}
