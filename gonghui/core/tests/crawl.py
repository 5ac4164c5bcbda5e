from gonghui.core.crawler import CrawlRoute, declare

declare(CrawlRoute("favicon", kind="public", reason="站点图标：static/ 里的一张图片，不含任何业务数据"))
