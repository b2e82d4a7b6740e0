CREATE STREAM orders (order_id BIGINT, kind VARCHAR, ts TIMESTAMP(3),
                      WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);
INSERT INTO orders VALUES (1, 'placed', TIMESTAMP '2024-05-01 09:00:00'), (2, 'placed', TIMESTAMP '2024-05-01 09:01:00'),
                          (1, 'paid', TIMESTAMP '2024-05-01 09:04:00'), (3, 'placed', TIMESTAMP '2024-05-01 09:05:00'),
                          (3, 'paid', TIMESTAMP '2024-05-01 09:20:00'), (4, 'placed', TIMESTAMP '2024-05-01 09:30:00');
SET 'scan.startup.mode' = 'earliest';
SELECT * FROM orders MATCH_RECOGNIZE (
  PARTITION BY order_id ORDER BY ts
  MEASURES PLACED.ts AS placed, PAID.ts AS paid, MATCH_TIMED_OUT() AS unpaid
  ONE ROW PER MATCH WITH TIMEOUTS
  PATTERN (PLACED PAID) WITHIN INTERVAL '10' MINUTE
  DEFINE PLACED AS kind = 'placed', PAID AS kind = 'paid');
