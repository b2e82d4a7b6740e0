CREATE STREAM bid (auction BIGINT, price BIGINT, extra VARCHAR, dateTime TIMESTAMP(3),
                   WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND);
CREATE FUNCTION count_char AS 'io.runnel.runtime.nexmark.CountChar';
INSERT INTO bid VALUES (1, 100, 'cc', TIMESTAMP '2015-07-15 10:00:01'), (1, 70, 'abc', TIMESTAMP '2015-07-15 10:00:03'),
                       (1, 90, '', TIMESTAMP '2015-07-15 10:00:04'), (2, 50, 'c', TIMESTAMP '2015-07-15 10:00:05'),
                       (1, 10, 'x', TIMESTAMP '2015-07-15 10:00:09');
SET 'scan.startup.mode' = 'earliest';
SELECT auction, price,
       AVG(price) OVER (PARTITION BY auction ORDER BY dateTime ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS avg_last_two,
       count_char(extra, 'c') AS cs
FROM bid;
