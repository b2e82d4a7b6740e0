CREATE STREAM bid (auction BIGINT, bidder VARCHAR, price BIGINT);
CREATE MATERIALIZED VIEW auction_stats AS
  SELECT auction, COUNT(*) AS bids, MAX(price) AS top FROM bid GROUP BY auction;
INSERT INTO bid VALUES (1, 'ann', 100), (2, 'bob', 40), (1, 'cy', 120);
SELECT * FROM auction_stats;
SELECT top FROM auction_stats WHERE auction = 1;
CREATE OR REPLACE MATERIALIZED VIEW auction_stats AS
  SELECT auction, COUNT(*) AS bids, MAX(price) AS top, COUNT(DISTINCT bidder) AS bidders FROM bid GROUP BY auction;
SELECT * FROM auction_stats;
