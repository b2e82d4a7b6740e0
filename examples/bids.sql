CREATE STREAM bid (auction BIGINT, price BIGINT, channel VARCHAR, dateTime TIMESTAMP(3),
                   WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND);
INSERT INTO bid VALUES (1, 150, 'Apple', TIMESTAMP '2015-07-15 10:00:00'),
                       (2, 50, 'Google', TIMESTAMP '2015-07-15 10:00:01');
SET 'scan.startup.mode' = 'earliest';
SELECT auction, price * 2 AS doubled, dateTime FROM bid WHERE price > 100;
