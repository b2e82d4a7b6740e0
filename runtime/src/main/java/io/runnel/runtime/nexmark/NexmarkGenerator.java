package io.runnel.runtime.nexmark;

import java.nio.charset.StandardCharsets;

/**
 * The deterministic Nexmark generator: every event is a pure function of its event number, so any range
 * of numbers can be generated anywhere, in any split, and gives the same events. Not thread-safe: use one
 * instance per thread.
 */
public final class NexmarkGenerator {
  public static final long BASE_TIME = 1436918400000L;
  static final int PROPORTION = 50;
  static final int PERSON_PROPORTION = 1;
  static final int AUCTION_PROPORTION = 3;
  static final long FIRST_ID = 1000;

  private static final String[] FIRST = {"Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"};
  private static final String[] LAST = {"Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"};
  private static final String[] CITY = {"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"};
  private static final String[] STATE = {"AZ", "CA", "ID", "OR", "WA", "WY"};
  private static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
  private static final int CHANNELS = 10_000;
  /** Every channel a bid can name, the hot ones first, then channel j at {@code HOT_CHANNELS.length + j}; its url at the same index. */
  private static final String[] CHANNEL_NAMES = new String[HOT_CHANNELS.length + CHANNELS];
  private static final String[] CHANNEL_URLS = new String[HOT_CHANNELS.length + CHANNELS];

  static {
    for (int i = 0; i < HOT_CHANNELS.length; i++) {
      CHANNEL_NAMES[i] = HOT_CHANNELS[i];
      CHANNEL_URLS[i] = baseUrl(new NexmarkRandom(10_000 + i));
    }
    for (int j = 0; j < CHANNELS; j++) {
      CHANNEL_NAMES[HOT_CHANNELS.length + j] = "channel-" + j;
      NexmarkRandom r = new NexmarkRandom(j);
      String url = baseUrl(r);
      if (r.nextInt(10) > 0) {
        url += "&channel_id=" + Math.abs(Integer.reverse(j));
      }
      CHANNEL_URLS[HOT_CHANNELS.length + j] = url;
    }
  }

  /** An event: exactly one of the three. */
  public sealed interface Event permits Person, Auction, Bid {}

  public record Person(long id, String name, String emailAddress, String creditCard, String city, String state, long dateTime, String extra)
      implements Event {}

  public record Auction(long id, String itemName, String description, long initialBid, long reserve, long dateTime, long expires, long seller,
      long category, String extra) implements Event {}

  public record Bid(long auction, long bidder, long price, String channel, String url, long dateTime, String extra) implements Event {}

  /** The kind of event number {@code n}. */
  public enum Kind {
    PERSON,
    AUCTION,
    BID
  }

  private final double delayUs;
  private final NexmarkRandom rnd = new NexmarkRandom(0);
  private int lastChannel = -1;

  /** @param rate events per second of event time */
  public NexmarkGenerator(long rate) {
    this.delayUs = 1_000_000.0 / rate;
  }

  public static Kind kindOf(long n) {
    long rem = n % PROPORTION;
    return rem < PERSON_PROPORTION ? Kind.PERSON : rem < PERSON_PROPORTION + AUCTION_PROPORTION ? Kind.AUCTION : Kind.BID;
  }

  /** The event number of the {@code i}-th (0-based) event of {@code kind}. */
  public static long eventNumber(Kind kind, long i) {
    return switch (kind) {
      case PERSON -> i * PROPORTION;
      case AUCTION -> (i / 3) * PROPORTION + 1 + i % 3;
      case BID -> (i / 46) * PROPORTION + 4 + i % 46;
    };
  }

  /**
   * The index of the last bid's channel in {@link #channelNames()}, and of its url in {@link #channelUrls()};
   * -1 before the first bid.
   */
  public int lastBidChannel() {
    return lastChannel;
  }

  /** Every channel a bid can name; callers must not modify it. */
  public static Object[] channelNames() {
    return CHANNEL_NAMES;
  }

  /** The url of each channel of {@link #channelNames()}, at the same index; callers must not modify it. */
  public static Object[] channelUrls() {
    return CHANNEL_URLS;
  }

  public long timestamp(long n) {
    return BASE_TIME + ((long) (n * delayUs)) / 1000;
  }

  public Event event(long n) {
    rnd.setSeed(n);
    long ts = timestamp(n);
    return switch (kindOf(n)) {
      case PERSON -> person(n, ts);
      case AUCTION -> auction(n, ts);
      case BID -> bid(n, ts);
    };
  }

  private Person person(long n, long ts) {
    long id = lastBase0PersonId(n) + FIRST_ID;
    String name = FIRST[rnd.nextInt(11)] + " " + LAST[rnd.nextInt(9)];
    String email = nextString(rnd, 7, ' ') + "@" + nextString(rnd, 5, ' ') + ".com";
    String card = creditCard();
    String city = CITY[rnd.nextInt(10)];
    String state = STATE[rnd.nextInt(6)];
    String extra = nextExtra(8 + name.length() + email.length() + card.length() + city.length() + state.length(), 200);
    return new Person(id, name, email, card, city, state, ts, extra);
  }

  private Auction auction(long n, long ts) {
    long id = lastBase0AuctionId(n) + FIRST_ID;
    long seller = (rnd.nextInt(4) > 0 ? (lastBase0PersonId(n) / 100) * 100 : nextBase0PersonId(n)) + FIRST_ID;
    long category = 10 + rnd.nextInt(5);
    long initialBid = nextPrice();
    long horizon = timestamp(n + 1666) - ts;
    long length = 1 + nextLong(Math.max(2 * horizon, 1));
    long expires = ts + length;
    String itemName = nextString(rnd, 20, ' ');
    String description = nextString(rnd, 100, ' ');
    long reserve = initialBid + nextPrice();
    String extra = nextExtra(8 + itemName.length() + description.length() + 40, 500);
    return new Auction(id, itemName, description, initialBid, reserve, ts, expires, seller, category, extra);
  }

  private Bid bid(long n, long ts) {
    long auction = (rnd.nextInt(2) > 0 ? (lastBase0AuctionId(n) / 100) * 100 : nextBase0AuctionId(n)) + FIRST_ID;
    long bidder = (rnd.nextInt(4) > 0 ? (lastBase0PersonId(n) / 100) * 100 + 1 : nextBase0PersonId(n)) + FIRST_ID;
    long price = nextPrice();
    int channel = rnd.nextInt(2) > 0 ? rnd.nextInt(HOT_CHANNELS.length) : HOT_CHANNELS.length + rnd.nextInt(CHANNELS);
    lastChannel = channel;
    String extra = nextExtra(32, 100);
    return new Bid(auction, bidder, price, CHANNEL_NAMES[channel], CHANNEL_URLS[channel], ts, extra);
  }

  static long lastBase0PersonId(long id) {
    long epoch = id / PROPORTION;
    long off = id % PROPORTION;
    if (off >= PERSON_PROPORTION) {
      off = PERSON_PROPORTION - 1;
    }
    return epoch * PERSON_PROPORTION + off;
  }

  static long lastBase0AuctionId(long id) {
    long epoch = id / PROPORTION;
    long off = id % PROPORTION;
    if (off < PERSON_PROPORTION) {
      epoch--;
      off = AUCTION_PROPORTION - 1;
    } else if (off >= PERSON_PROPORTION + AUCTION_PROPORTION) {
      off = AUCTION_PROPORTION - 1;
    } else {
      off -= PERSON_PROPORTION;
    }
    return epoch * AUCTION_PROPORTION + off;
  }

  private long nextLong(long n) {
    return n < Integer.MAX_VALUE ? rnd.nextInt((int) n) : Math.abs(rnd.nextLong() % n);
  }

  private long nextBase0PersonId(long id) {
    long num = lastBase0PersonId(id) + 1;
    long active = Math.min(num, 1000);
    return num - active + nextLong(active + 10);
  }

  private long nextBase0AuctionId(long id) {
    long max = lastBase0AuctionId(id);
    long min = Math.max(max - 100, 0);
    return min + nextLong(max - min + 1 + 10);
  }

  private long nextPrice() {
    return Math.round(Math.pow(10.0, rnd.nextDouble() * 6.0) * 100.0);
  }

  /** Four groups of four digits, each {@code String.format("%04d", nextInt(10000))}, joined by spaces. */
  private String creditCard() {
    byte[] digits = new byte[19];
    for (int g = 0; g < 4; g++) {
      int v = rnd.nextInt(10000);
      int at = g * 5;
      for (int d = 3; d >= 0; d--) {
        digits[at + d] = (byte) ('0' + v % 10);
        v /= 10;
      }
      if (g < 3) {
        digits[at + 4] = ' ';
      }
    }
    return new String(digits, StandardCharsets.ISO_8859_1);
  }

  /** Every character is ASCII, so the string is built from bytes: no char array to compress. */
  static String nextString(NexmarkRandom r, int maxLength, char special) {
    int length = 3 + r.nextInt(maxLength - 3);
    byte[] chars = new byte[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (byte) (r.nextInt(13) == 0 ? special : 'a' + r.nextInt(26));
    }
    // String.trim(): the special character is the only one that can be a space
    int start = 0;
    int end = length;
    while (start < end && chars[start] <= ' ') {
      start++;
    }
    while (end > start && chars[end - 1] <= ' ') {
      end--;
    }
    // an empty result is the one empty string: its hash code is known, unlike a new empty instance's
    return start == end ? "" : new String(chars, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private String nextExactString(int length) {
    byte[] chars = new byte[length];
    rnd.nextLetters(chars, 0, length);
    return new String(chars, StandardCharsets.ISO_8859_1);
  }

  private String nextExtra(int current, int average) {
    if (current > average) {
      return "";
    }
    int d = average - current;
    long delta = Math.round(d * 0.2);
    int size = (int) (d - delta + (delta == 0 ? 0 : rnd.nextInt((int) (2 * delta))));
    return nextExactString(size);
  }

  private static String baseUrl(NexmarkRandom r) {
    return "https://www.nexmark.com/" + nextString(r, 5, '_') + "/" + nextString(r, 5, '_') + "/" + nextString(r, 5, '_') + "/item.htm?query=1";
  }
}
