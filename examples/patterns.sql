CREATE STREAM bid (auction BIGINT, price BIGINT, dateTime TIMESTAMP(3),
                   WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND);
INSERT INTO bid VALUES (1, 100, TIMESTAMP '2015-07-15 10:00:01'), (1, 80, TIMESTAMP '2015-07-15 10:00:02'),
                       (1, 60, TIMESTAMP '2015-07-15 10:00:03'), (1, 90, TIMESTAMP '2015-07-15 10:00:04'),
                       (2, 50, TIMESTAMP '2015-07-15 10:00:05'), (2, 40, TIMESTAMP '2015-07-15 10:00:06'),
                       (2, 45, TIMESTAMP '2015-07-15 10:00:07'), (1, 95, TIMESTAMP '2015-07-15 10:00:09');
SET 'scan.startup.mode' = 'earliest';
SELECT * FROM bid MATCH_RECOGNIZE (
  PARTITION BY auction ORDER BY dateTime
  MEASURES START_ROW.price AS start_price, LAST(DOWN.price) AS bottom, UP.price AS recovered, UP.dateTime AS at
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (START_ROW DOWN+ UP)
  DEFINE DOWN AS DOWN.price < PREV(DOWN.price), UP AS UP.price > PREV(UP.price));
