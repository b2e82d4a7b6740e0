package io.runnel.tests.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runnel.Runnel;
import io.runnel.parser.RunnelException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact text of the errors users meet most: code, position, message and hint. A change to any of
 * them is a change to what users read, so it shows up here.
 */
class ErrorMessagesTest {
  @TempDir static Path dir;
  static Runnel engine;

  @BeforeAll
  static void open() {
    engine = Runnel.open(dir);
    engine.execute(
        "CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, dateTime TIMESTAMP(3),"
            + " WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND);"
            + "CREATE TABLE users (id BIGINT, name VARCHAR, PRIMARY KEY (id));"
            + "CREATE STREAM nested (id INT, address ROW<city VARCHAR, zip INT>);"
            + "CREATE VIEW bid_p AS SELECT *, PROCTIME() AS p FROM bid");
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        // syntax
        Arguments.of("SELEC auction FROM bid", "RUN-1001: line 1:1: mismatched input 'SELEC'. Expecting: '(', ';', 'CHECKPOINT', 'CREATE', 'DESC', 'DESCRIBE', 'DROP', 'EXPLAIN', 'GRANT', 'INSERT', 'RESET', 'REVOKE', 'SELECT', 'SET', 'SHOW', 'TERMINATE', 'VALUES', <EOF> | Hint: Did you mean SELECT?"),
        Arguments.of("SELECT FROM bid", "RUN-1001: line 1:8: mismatched input 'FROM'. Expecting: '*', 'ALL', 'DISTINCT', <expression>"),
        Arguments.of("SELECT auction, FROM bid", "RUN-1001: line 1:17: mismatched input 'FROM'. Expecting: '*', <expression>"),
        Arguments.of("SELECT auction FROM", "RUN-1001: line 1:20: mismatched input '<EOF>'. Expecting: '(', 'TABLE', <identifier>"),
        Arguments.of("SELECT (price + 1 FROM bid", "RUN-1001: line 1:19: mismatched input 'FROM'. Expecting: <expression> | Hint: The '(' at line 1:8 is not closed."),
        Arguments.of("SELECT 'abc FROM bid", "RUN-1001: line 1:8: unterminated string literal | Hint: Close the string with a single quote; write '' for a quote inside it."),
        Arguments.of("SELECT # FROM bid", "RUN-1001: line 1:8: unexpected character '#'"),
        Arguments.of("CREATE STREAM s (a INT,)", "RUN-1001: line 1:24: mismatched input ')'. Expecting: <identifier>"),
        Arguments.of("CREATE STREAM s a INT", "RUN-1001: line 1:17: mismatched input 'a'. Expecting: '('"),
        Arguments.of("SELECT select FROM bid", "RUN-1001: line 1:8: mismatched input 'select'. Expecting: '*', 'ALL', 'DISTINCT', <expression> | Hint: 'select' is a reserved word: quote it as `select` to use it as a name."),
        Arguments.of("INSERT bid VALUES (1)", "RUN-1001: line 1:8: mismatched input 'bid'. Expecting: 'INTO'"),
        Arguments.of("CREATE STREAM s (a INT) WITH ('connector' 'file')", "RUN-1001: line 1:43: mismatched input ''file''. Expecting: '='"),
        Arguments.of("SELECT * FROM bid WHERE price >", "RUN-1001: line 1:32: mismatched input '<EOF>'. Expecting: <expression>"),
        Arguments.of("CREATE STREAM s (a INT, PRIMARY KEY (a))", "RUN-1001: line 1:25: A stream has no PRIMARY KEY | Hint: Use CREATE TABLE for a keyed changelog."),
        // names
        Arguments.of("SELECT pricee FROM bid", "RUN-1102: line 1:8: Column 'pricee' not found in bid | Hint: Did you mean 'price'?"),
        Arguments.of("SELECT * FROM bids", "RUN-1101: line 1:15: Stream, table or view 'bids' does not exist | Hint: Did you mean 'bid'?"),
        Arguments.of("SELECT * FROM nothing_like_it", "RUN-1101: line 1:15: Stream, table or view 'nothing_like_it' does not exist | Hint: Known: bid, bid_p, nested, sys.errors, sys.late, users."),
        Arguments.of("SELECT b.price FROM bid AS a", "RUN-1102: line 1:8: 'b' in 'b.price' is neither a column nor a stream, table or alias in FROM | Hint: Did you mean 'a.price'?"),
        Arguments.of("SELECT address.town FROM nested", "RUN-1102: line 1:16: Field 'town' not found in 'address' | Hint: Fields: city, zip."),
        Arguments.of("SELECT id.x FROM nested", "RUN-1301: line 1:11: 'id' is INT, not a ROW: it has no field 'x'"),
        Arguments.of("SELECT LOWR(channel) FROM bid", "RUN-1104: line 1:8: Unknown function 'LOWR' | Hint: Did you mean LOWER?"),
        Arguments.of("CREATE STREAM bid (a INT)", "RUN-1201: line 1:15: Stream 'bid' already exists | Hint: Use CREATE ... IF NOT EXISTS, or DROP it first."),
        Arguments.of("DESCRIBE bidd", "RUN-1101: line 1:10: Stream, table or view 'bidd' does not exist | Hint: Did you mean 'bid'?"),
        Arguments.of("CREATE STREAM s (a VARCHR)", "RUN-1105: line 1:20: Unknown type 'VARCHR' | Hint: Did you mean VARCHAR?"),
        Arguments.of("INSERT INTO bid (auction, pricee) VALUES (1, 2)", "RUN-1102: line 1:27: Column 'pricee' not found in bid | Hint: Did you mean 'price'?"),
        // types
        Arguments.of("SELECT channel + price FROM bid", "RUN-1301: line 1:8: Cannot apply '+' to arguments of type VARCHAR and BIGINT in 'channel + price' | Hint: CAST the VARCHAR operand to a number, or use || to concatenate strings."),
        Arguments.of("SELECT auction FROM bid WHERE channel = 5", "RUN-1301: line 1:31: Cannot compare VARCHAR with INT in 'channel = 5' | Hint: CAST one side to the type of the other."),
        Arguments.of("SELECT auction FROM bid WHERE price", "RUN-1301: line 1:31: WHERE condition 'price' must be BOOLEAN, not BIGINT"),
        Arguments.of("SELECT NOT price FROM bid", "RUN-1301: line 1:12: Operand 'price' of NOT must be BOOLEAN, not BIGINT"),
        Arguments.of("SELECT UPPER(price) FROM bid", "RUN-1301: line 1:14: Argument 1 of UPPER must be VARCHAR, but 'price' is BIGINT"),
        Arguments.of("SELECT MOD(price) FROM bid", "RUN-1302: line 1:8: MOD takes 2 arguments, got 1"),
        Arguments.of("SELECT PROCTIME(price) FROM bid", "RUN-1302: line 1:8: PROCTIME takes 0 arguments, got 1"),
        Arguments.of(
            "SELECT COUNT(*) AS n FROM TABLE(SESSION(TABLE bid_p PARTITION BY bidder, DESCRIPTOR(p), INTERVAL '5' SECOND)) GROUP BY window_start, window_end",
            "RUN-1308: line 1:27: SESSION windows need event time, and 'p' is processing time | Hint: Use TUMBLE, HOP or CUMULATE over PROCTIME()."),
        Arguments.of("SELECT MOD(price, 1.5) FROM bid", "RUN-1301: line 1:19: Argument 2 of MOD must be an integer, but '1.5' is DECIMAL(2, 1)"),
        Arguments.of("SELECT CAST(dateTime AS BIGINT) FROM bid", "RUN-1304: line 1:8: Cannot cast 'dateTime' of type TIMESTAMP(3) to BIGINT"),
        Arguments.of("SELECT CASE WHEN price > 1 THEN 'x' ELSE 1 END FROM bid", "RUN-1301: line 1:42: CASE branches have incompatible types VARCHAR and INT ('1')"),
        Arguments.of("SELECT channel LIKE 5 FROM bid", "RUN-1301: line 1:21: LIKE needs VARCHAR operands, but '5' is INT"),
        Arguments.of("SELECT HOUR(price) FROM bid", "RUN-1301: line 1:13: Expected a TIMESTAMP or DATE, but 'price' is BIGINT"),
        Arguments.of("SELECT price FROM bid WHERE dateTime > 5", "RUN-1301: line 1:29: Cannot compare TIMESTAMP(3) with INT in 'dateTime > 5' | Hint: CAST one side to the type of the other."),
        Arguments.of("INSERT INTO bid VALUES (1, 2, 'x', 'y', TIMESTAMP '2020-01-01 00:00:00')", "RUN-1301: line 1:17: Column 'price' of bid is BIGINT, but the query gives VARCHAR for it | Hint: CAST the value to BIGINT."),
        Arguments.of("INSERT INTO bid VALUES (1, 2)", "RUN-1305: line 1:17: Query gives 2 columns, but bid has 5 | Hint: Columns of bid: auction, bidder, price, channel, dateTime."),
        Arguments.of("SELECT TIMESTAMP '2020-13-01 00:00:00' FROM bid", "RUN-1303: line 1:8: Invalid TIMESTAMP literal '2020-13-01 00:00:00' | Hint: Use the form 'yyyy-MM-dd HH:mm:ss[.SSS]'."),
        Arguments.of("SELECT INTERVAL 'x' SECOND FROM bid", "RUN-1303: line 1:8: Invalid interval value 'x' | Hint: Write a number in quotes, e.g. INTERVAL '5' SECOND."),
        Arguments.of("SELECT 123456789012345678901234567890123456789 FROM bid", "RUN-1303: line 1:8: Number '123456789012345678901234567890123456789' has more than 38 digits | Hint: Write it as a DOUBLE, e.g. 1.5E40."),
        // definitions and unsupported constructs
        Arguments.of("CREATE STREAM s (a INT, a INT)", "RUN-1202: line 1:25: Column 'a' is defined twice"),
        Arguments.of("CREATE STREAM s (a INT, ts TIMESTAMP(3), WATERMARK FOR a AS ts)", "RUN-1301: line 1:56: Event-time column 'a' must be TIMESTAMP(3) or TIMESTAMP_LTZ(3), not INT"),
        Arguments.of("CREATE STREAM s (ts TIMESTAMP(3), WATERMARK FOR ts AS 5)", "RUN-1301: line 1:55: WATERMARK expression '5' must be a TIMESTAMP, not INT"),
        Arguments.of("CREATE STREAM s (a INT) WITH ('conector' = 'file')", "RUN-1204: line 1:31: Unknown option 'conector' | Hint: Did you mean 'connector'?"),
        Arguments.of(
            "CREATE STREAM s (a INT) WITH ('watermark.idle-timeout' = '5 s')",
            "RUN-1204: line 1:31: Option 'watermark.idle-timeout' needs a watermark | Hint: Declare WATERMARK FOR <column> AS <column> - INTERVAL '1' SECOND."),
        Arguments.of(
            "CREATE STREAM s (t TIMESTAMP(3), WATERMARK FOR t AS t) WITH ('watermark.max-ahead' = 'a day')",
            "RUN-1204: line 1:62: Invalid value 'a day' for option 'watermark.max-ahead' | Hint: Give a duration such as '500 ms', '30 s' or '5 min'."),
        Arguments.of(
            "SELECT auction FROM bid UNION ALL SELECT name FROM users",
            "RUN-1301: line 1:1: UNION column 1 ('auction') is BIGINT on the left and VARCHAR on the right | Hint: CAST one side to the other's type."),
        Arguments.of("CREATE STREAM s (a INT) WITH ('connector' = 'file', 'path' = '/no/such/file.csv', 'format' = 'csv')", "RUN-1601: line 1:1: Cannot read file '/no/such/file.csv' for stream s | Hint: Check the 'path' option; relative paths are resolved from the directory Runnel runs in."),
        Arguments.of("CREATE STREAM s (a DECIMAL(50, 2))", "RUN-1105: line 1:20: Invalid DECIMAL(50, 2) | Hint: Precision must be 1 to 38 and scale 0 to the precision."),
        // aggregation and windows
        Arguments.of("SELECT auction, price, COUNT(*) FROM bid GROUP BY auction", "RUN-1306: line 1:17: 'price' must be in GROUP BY or inside an aggregate function | Hint: Add it to GROUP BY, or aggregate it, e.g. MAX(price)."),
        Arguments.of("SELECT auction FROM bid GROUP BY auction HAVING price > 5", "RUN-1306: line 1:49: 'price' must be in GROUP BY or inside an aggregate function | Hint: Add it to GROUP BY, or aggregate it, e.g. MAX(price)."),
        Arguments.of("SELECT COUNT(*) FROM bid WHERE COUNT(*) > 1", "RUN-1307: line 1:32: Aggregate function COUNT cannot be used here | Hint: Aggregates belong in SELECT and HAVING, and cannot be nested."),
        Arguments.of("SELECT MAX(COUNT(*)) FROM bid", "RUN-1307: line 1:12: Aggregate function COUNT cannot be nested inside MAX"),
        Arguments.of("SELECT SUM(channel) FROM bid", "RUN-1301: line 1:12: SUM cannot take VARCHAR | Hint: SUM takes a number."),
        Arguments.of("SELECT SUM(*) FROM bid", "RUN-1302: line 1:8: SUM(*) is not an aggregate; only COUNT(*) is"),
        Arguments.of("SELECT COUNT(price, bidder) FROM bid", "RUN-1302: line 1:8: COUNT takes one argument, not 2"),
        Arguments.of("SELECT APPROX_COUNT_DISTINCT(name) FROM users", "RUN-1401: APPROX_COUNT_DISTINCT cannot take back values, and its input is an updating result | Hint: Use COUNT(DISTINCT ...) over updating input."),
        Arguments.of("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(price), INTERVAL '10' SECOND))", "RUN-1308: line 1:50: Windows need a TIMESTAMP column, but 'price' is BIGINT | Hint: Name the event-time column, the one in WATERMARK FOR."),
        Arguments.of("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime)))", "RUN-1302: line 1:15: TUMBLE takes TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL <size>)"),
        Arguments.of("SELECT * FROM TABLE(TUMBEL(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))", "RUN-1104: line 1:21: Unknown table function 'TUMBEL' | Hint: Table functions: TUMBLE, HOP, CUMULATE, SESSION."),
        Arguments.of("SELECT * FROM TABLE(SESSION(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))", "RUN-1308: line 1:15: SESSION windows need an aggregation that groups by window_start and window_end | Hint: A session's extent is known only once it closes; aggregate its rows with GROUP BY window_start, window_end."),
        Arguments.of("SELECT * FROM TABLE(TUMBLE(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))", "RUN-1302: line 1:28: PARTITION BY applies to SESSION windows only"),
        Arguments.of("SELECT * FROM TABLE(CUMULATE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '3' SECOND, INTERVAL '10' SECOND))", "RUN-1308: line 1:84: CUMULATE's size must be a whole number of steps | Hint: Use a size that the step divides."),
        Arguments.of("SELECT COUNT(*) FROM bid GROUP BY TUMBLE(dateTime, 5)", "RUN-1308: line 1:52: TUMBLE's size must be an interval literal, not INT | Hint: Write e.g. INTERVAL '10' SECOND."),
        Arguments.of("SELECT COUNT(*) FROM bid GROUP BY HOP(dateTime, INTERVAL '5' MINUTE, INTERVAL '1' MINUTE)", "RUN-1308: line 1:70: HOP's size must be at least its slide | Hint: Rows would fall between windows."),
        Arguments.of("SELECT COUNT(*) FROM bid GROUP BY TUMBLE(dateTime, INTERVAL '1' MINUTE), TUMBLE(dateTime, INTERVAL '2' MINUTE)", "RUN-1308: line 1:74: GROUP BY can have only one group window"),
        Arguments.of("SELECT TUMBLE_START(dateTime, INTERVAL '1' MINUTE), COUNT(*) FROM bid GROUP BY HOP(dateTime, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)", "RUN-1308: line 1:8: TUMBLE_START needs GROUP BY TUMBLE(...) with the same arguments | Hint: The query groups by HOP."),
        Arguments.of("SELECT TUMBLE_START(dateTime, INTERVAL '1' MINUTE) FROM bid", "RUN-1308: line 1:8: TUMBLE_START needs GROUP BY TUMBLE(...) with the same arguments"),
        Arguments.of("SELECT COUNT(*) FROM nested GROUP BY TUMBLE(id, INTERVAL '1' MINUTE)", "RUN-1308: line 1:45: Windows need a TIMESTAMP column, but 'id' is INT | Hint: Name the event-time column, the one in WATERMARK FOR."),
        Arguments.of("INSERT INTO bid SELECT auction, COUNT(*), 1, 'x', TIMESTAMP '2020-01-01 00:00:00' FROM bid GROUP BY auction", "RUN-1402: line 1:1: Stream 'bid' only takes inserts, but the query produces updates (changelog [I,UB,UA,D]) | Hint: Insert into a table with a PRIMARY KEY instead."),
        Arguments.of("SELECT * FROM bid ORDER BY price", "RUN-1401: line 1:28: ORDER BY is not supported on a standing query | Hint: A stream has no end to sort up to; order by event time with windows instead."),
        Arguments.of(
            "SELECT auction FROM bid LIMIT 3",
            "RUN-1401: line 1:31: LIMIT is not supported on a standing query | Hint: Keep the top rows per key with ROW_NUMBER() OVER (PARTITION BY k ORDER BY c DESC) AS rn and WHERE rn <= N."),
        Arguments.of(
            "SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bid",
            "RUN-1401: line 1:24: ROW_NUMBER() OVER needs a filter on its result in the enclosing query, as in WHERE rn <= 10 | Hint: Each new row would change the rank of every row after it: keep the top N (rn <= N), or one row per key (rn = 1)."),
        Arguments.of("INSERT INTO bid SELECT * FROM users", "RUN-1305: line 1:17: Query gives 2 columns, but bid has 5 | Hint: Columns of bid: auction, bidder, price, channel, dateTime."),
        Arguments.of("DROP TABLE bid", "RUN-1401: line 1:12: 'bid' is a stream, not a table | Hint: Use DROP STREAM."),
        Arguments.of("TERMINATE QUERY q42", "RUN-1403: line 1:1: No query 'q42' | Hint: No query is running."),
        Arguments.of("DESCRIBE QUERY q42", "RUN-1403: line 1:1: No query 'q42' | Hint: No query is running."),
        Arguments.of("DESCRIBE QUERY q1 q2", "RUN-1001: line 1:19: mismatched input 'q2'. Expecting: ';', <EOF>"),
        Arguments.of("SET 'scan.startup.mode' = 'sometimes'", "RUN-1204: line 1:1: Invalid value 'sometimes' for scan.startup.mode | Hint: Use 'earliest' (the whole log) or 'latest' (new events only)."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void errorReadsExactly(String sql, String expected) {
    RunnelException e = assertThrows(RunnelException.class, () -> engine.execute(sql));
    assertEquals(expected, e.describe().replace("\n", " | "));
  }
}
