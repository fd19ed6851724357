"""The `juesuan serve` command; cli.py registers it (nothing heavy is imported until it runs)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_cmd(
        host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
        port: int = typer.Option(8000, "--port", help="端口"),
        database_url: str = typer.Option("", "--database-url", envvar="JUESUAN_DATABASE_URL",
                                         help="数据库地址，默认使用当前目录下的 SQLite 文件 juesuan-portal.db；"
                                              "PostgreSQL 写作 postgresql://用户:密码@主机/库名"),
        demo: bool = typer.Option(False, "--demo", help="加载示例单位和演示账号，打开即可试用"),
        trusted_proxy: list[str] = typer.Option([], "--trusted-proxy",  # noqa: B008
                                                help="门户前面的反向代理的地址或网段（可写多次）；只有来自它们的"
                                                     " X-Forwarded-For 才被采信。也可用环境变量 JUESUAN_TRUSTED_PROXIES（逗号分隔）"),
    ) -> None:
        """启动决算公开门户（单位填报、财政审核、社会公众查询）。"""
        from juesuan.web.serve import serve

        serve(host=host, port=port, database_url=database_url or None, demo=demo, proxies=trusted_proxy)
