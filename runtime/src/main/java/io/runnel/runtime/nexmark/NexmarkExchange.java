package io.runnel.runtime.nexmark;

import java.io.IOException;
import java.io.Writer;

/**
 * The exchange format: one JSON object a line, in event-number order, a {@code type} field first, then
 * the columns in order, timestamps as epoch milliseconds, no spaces.
 */
public final class NexmarkExchange {
  private NexmarkExchange() {}

  public static String line(NexmarkGenerator.Event event) {
    StringBuilder sb = new StringBuilder(256);
    if (event instanceof NexmarkGenerator.Person p) {
      sb.append("{\"type\":\"person\",\"id\":").append(p.id());
      str(sb, "name", p.name());
      str(sb, "emailAddress", p.emailAddress());
      str(sb, "creditCard", p.creditCard());
      str(sb, "city", p.city());
      str(sb, "state", p.state());
      num(sb, "dateTime", p.dateTime());
      str(sb, "extra", p.extra());
    } else if (event instanceof NexmarkGenerator.Auction a) {
      sb.append("{\"type\":\"auction\",\"id\":").append(a.id());
      str(sb, "itemName", a.itemName());
      str(sb, "description", a.description());
      num(sb, "initialBid", a.initialBid());
      num(sb, "reserve", a.reserve());
      num(sb, "dateTime", a.dateTime());
      num(sb, "expires", a.expires());
      num(sb, "seller", a.seller());
      num(sb, "category", a.category());
      str(sb, "extra", a.extra());
    } else {
      NexmarkGenerator.Bid b = (NexmarkGenerator.Bid) event;
      sb.append("{\"type\":\"bid\",\"auction\":").append(b.auction());
      num(sb, "bidder", b.bidder());
      num(sb, "price", b.price());
      str(sb, "channel", b.channel());
      str(sb, "url", b.url());
      num(sb, "dateTime", b.dateTime());
      str(sb, "extra", b.extra());
    }
    return sb.append('}').toString();
  }

  /** Writes events {@code [0, events)} at {@code rate}, one line each. */
  public static void write(long events, long rate, Writer out) throws IOException {
    NexmarkGenerator generator = new NexmarkGenerator(rate);
    for (long n = 0; n < events; n++) {
      out.write(line(generator.event(n)));
      out.write('\n');
    }
    out.flush();
  }

  private static void num(StringBuilder sb, String name, long value) {
    sb.append(",\"").append(name).append("\":").append(value);
  }

  private static void str(StringBuilder sb, String name, String value) {
    sb.append(",\"").append(name).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
