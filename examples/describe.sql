CREATE STREAM bid (auction BIGINT, price BIGINT, dateTime TIMESTAMP(3),
                   WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND);
INSERT INTO bid VALUES (1, 100, TIMESTAMP '2015-07-15 10:00:01'), (2, 50, TIMESTAMP '2015-07-15 10:00:04'),
                       (1, 70, TIMESTAMP '2015-07-15 10:00:08'), (3, 90, TIMESTAMP '2015-07-15 10:00:09');
SET 'scan.startup.mode' = 'earliest';
SELECT auction, COUNT(*) AS bids, MAX(price) AS top FROM bid WHERE price > 60 GROUP BY auction;
DESCRIBE QUERY q1;
