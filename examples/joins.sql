CREATE STREAM orders (id BIGINT, currency VARCHAR, amount DECIMAL(10, 2), ts TIMESTAMP(3),
                      WATERMARK FOR ts AS ts);
CREATE TABLE rates (currency VARCHAR, rate DECIMAL(10, 4), ts TIMESTAMP(3),
                    WATERMARK FOR ts AS ts, PRIMARY KEY (currency));
INSERT INTO rates VALUES ('EUR', 1.0800, TIMESTAMP '2024-01-01 09:00:00'), ('GBP', 1.2700, TIMESTAMP '2024-01-01 09:00:00'),
                         ('EUR', 1.1000, TIMESTAMP '2024-01-01 12:00:00'), ('EUR', 1.0900, TIMESTAMP '2024-01-01 18:00:00');
INSERT INTO orders VALUES (1, 'EUR', 100.00, TIMESTAMP '2024-01-01 10:00:00'), (2, 'GBP', 50.00, TIMESTAMP '2024-01-01 11:00:00'),
                          (3, 'EUR', 20.00, TIMESTAMP '2024-01-01 13:00:00'), (4, 'EUR', 10.00, TIMESTAMP '2024-01-01 19:00:00');
SET 'scan.startup.mode' = 'earliest';
SELECT o.id, o.currency, o.amount, r.rate, o.amount * r.rate AS usd
FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;
