// electron-builder's beforeBuild hook (electron-builder.yml): resolving to false tells it that the
// app's node_modules are handled outside it, so it neither rebuilds nor collects any. The staged
// app needs none: the server carries its own, as a resource.
exports.beforeBuild = async () => false;
